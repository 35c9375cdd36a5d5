/**
 * Which web pages may use the Direct Line endpoint from a browser: the operator's card-site origins
 * (WEBCHAT_ALLOWED_ORIGINS), `*` for any, and always refund-desk's own address. CORS (with the
 * preflight) for fetches, and the same rule for the WebSocket's `Origin`, which browsers send but
 * CORS does not cover. Server-to-server callers send no `Origin` and are not affected.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';

export interface OriginPolicy {
  /** Whether a page of `origin` may call us; `self` are the origins refund-desk itself is reached at. */
  allows(origin: string, self: readonly string[]): boolean;
}

export function originPolicy(allowed: readonly string[]): OriginPolicy {
  const any = allowed.includes('*');
  const set = new Set(allowed);
  return { allows: (origin, self) => any || set.has(origin) || self.includes(origin) };
}

/** refund-desk's own origins for this request: through a proxy, at PUBLIC_URL, and as addressed. */
export function selfOrigins(c: Context, publicUrl: string | undefined): string[] {
  return [requestOrigin(c, publicUrl), addressedOrigin(c)];
}

/** The origin a request reached us at, as the browser saw it: a proxy's X-Forwarded-Host/-Proto first. */
export function requestOrigin(c: Context, publicUrl: string | undefined): string {
  const forwardedHost = c.req.header('x-forwarded-host')?.split(',')[0]?.trim();
  if (forwardedHost && /^[\w.-]+(?::\d{1,5})?$/.test(forwardedHost)) {
    const proto = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() === 'https' ? 'https' : 'http';
    return `${proto}://${forwardedHost}`;
  }
  return publicUrl ? new URL(publicUrl).origin : addressedOrigin(c);
}

/** The origin in the request's Host header (the WebSocket upgrade's URL carries no host of its own). */
function addressedOrigin(c: Context): string {
  const host = c.req.header('host');
  const url = new URL(c.req.url);
  return host && /^[\w.[\]:-]+$/.test(host) ? `${url.protocol}//${host}` : url.origin;
}

/** The methods and headers the official Web Chat client (directlinejs) uses. */
const METHODS = ['GET', 'POST', 'OPTIONS'];
const HEADERS = ['Authorization', 'Content-Type', 'Accept', 'x-ms-bot-agent', 'x-requested-with'];

export function corsMiddleware(policy: OriginPolicy, publicUrl: string | undefined): MiddlewareHandler {
  return cors({
    origin: (origin, c) => (origin && policy.allows(origin, selfOrigins(c, publicUrl)) ? origin : null),
    allowMethods: METHODS,
    allowHeaders: HEADERS,
    exposeHeaders: ['Retry-After'],
    maxAge: 600,
  });
}
