/**
 * Who may call an endpoint that has no session: anyone (development with the sandbox), whoever holds
 * a Bearer secret, or nobody (its secret is not configured). `docs/security.md` lists which secret
 * protects which endpoint.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { ApiError } from './errors.js';

export type Access =
  | { kind: 'open' }
  | { kind: 'bearer'; secret: string; name: string }
  | { kind: 'closed'; name: string };

/** `name` is the variable holding the secret, for error messages and the start-up summary. */
export function accessOf(secret: string | undefined, name: string, openWithoutSecret: boolean): Access {
  if (secret) return { kind: 'bearer', secret, name };
  return openWithoutSecret ? { kind: 'open' } : { kind: 'closed', name };
}

/** Constant-time comparison of a presented secret with the expected one (any lengths). */
export function secretMatches(presented: string | undefined, expected: string): boolean {
  if (presented === undefined) return false;
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}

export function bearerOf(header: string | undefined): string | undefined {
  return /^Bearer\s+(\S.*)$/i.exec(header ?? '')?.[1]?.trim();
}

/** Throws the ApiError an unauthorised caller gets; returns when the call may proceed. */
export function checkAccess(access: Access, authorization: string | undefined): void {
  if (access.kind === 'open') return;
  if (access.kind === 'closed') {
    throw new ApiError(503, 'endpoint_disabled', `this endpoint needs ${access.name}, which is not set`);
  }
  if (!secretMatches(bearerOf(authorization), access.secret)) {
    throw new ApiError(401, 'unauthorized', `missing or wrong Bearer secret (${access.name})`);
  }
}

export function requireAccess(access: Access): MiddlewareHandler {
  return async (c, next) => {
    checkAccess(access, c.req.header('authorization'));
    await next();
  };
}
