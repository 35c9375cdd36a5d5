/**
 * Direct Line tokens: compact HS256 JWTs binding the buyer (`user`, which Web Chat and directlinejs
 * read as the user id) to one conversation (`conv`), with an expiry. Signed with a key derived from
 * the site secret, so rotating DIRECTLINE_SECRET invalidates every token.
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

export const TokenClaims = z.object({
  user: z.string().min(1).max(128),
  conv: z.string().min(1).max(128),
  iat: z.number().int(),
  exp: z.number().int(),
  jti: z.string().min(1).max(64),
});
export type TokenClaims = z.infer<typeof TokenClaims>;

export type TokenCheck =
  | { ok: true; claims: TokenClaims }
  | { ok: false; reason: 'malformed' | 'bad_signature' | 'expired' };

const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

export class TokenSigner {
  readonly #key: Buffer;

  constructor(
    secret: string,
    readonly ttlSeconds: number,
    private readonly now: () => number = Date.now,
  ) {
    this.#key = createHmac('sha256', secret).update('refund-desk/directline-token/v1').digest();
  }

  issue(binding: { user: string; conv: string }): { token: string; expiresIn: number; claims: TokenClaims } {
    const iat = Math.floor(this.now() / 1000);
    const claims: TokenClaims = { ...binding, iat, exp: iat + this.ttlSeconds, jti: randomUUID() };
    const body = `${HEADER}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
    return { token: `${body}.${this.#sign(body)}`, expiresIn: this.ttlSeconds, claims };
  }

  verify(token: string): TokenCheck {
    const parts = token.split('.');
    if (parts.length !== 3 || parts[0] !== HEADER) return { ok: false, reason: 'malformed' };
    const body = `${parts[0]}.${parts[1]}`;
    const given = Buffer.from(parts[2] ?? '', 'base64url');
    const expected = Buffer.from(this.#sign(body), 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return { ok: false, reason: 'bad_signature' };
    }
    let decoded: unknown;
    try {
      decoded = JSON.parse(Buffer.from(parts[1] ?? '', 'base64url').toString('utf8'));
    } catch {
      return { ok: false, reason: 'malformed' };
    }
    const claims = TokenClaims.safeParse(decoded);
    if (!claims.success) return { ok: false, reason: 'malformed' };
    if (claims.data.exp * 1000 <= this.now()) return { ok: false, reason: 'expired' };
    return { ok: true, claims: claims.data };
  }

  #sign(body: string): string {
    return createHmac('sha256', this.#key).update(body).digest('base64url');
  }
}

/** Constant-time comparison of the site secret presented as a bearer. */
export function isSecret(candidate: string, secret: string): boolean {
  const a = createHmac('sha256', 'cmp').update(candidate).digest();
  const b = createHmac('sha256', 'cmp').update(secret).digest();
  return timingSafeEqual(a, b);
}
