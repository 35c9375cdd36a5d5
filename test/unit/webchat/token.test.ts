import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../../adapters/webchat/live.js';
import { isSecret, TokenSigner } from '../../../adapters/webchat/token.js';

describe('TokenSigner', () => {
  let now = Date.parse('2026-11-26T12:00:00Z');
  const signer = new TokenSigner('site-secret', 1800, () => now);

  it('binds the buyer and the conversation, and verifies its own tokens', () => {
    const { token, expiresIn } = signer.issue({ user: 'buyer-1', conv: 'c1' });
    expect(expiresIn).toBe(1800);
    const check = signer.verify(token);
    expect(check.ok && check.claims).toMatchObject({ user: 'buyer-1', conv: 'c1' });
  });

  it('refuses tokens after their expiry', () => {
    const { token } = signer.issue({ user: 'buyer-1', conv: 'c1' });
    now += 1800 * 1000;
    expect(signer.verify(token)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses tampered tokens and tokens of another secret', () => {
    const { token } = signer.issue({ user: 'buyer-1', conv: 'c1' });
    const [h, p, s] = token.split('.');
    const claims = JSON.parse(Buffer.from(String(p), 'base64url').toString()) as object;
    const changed = Buffer.from(JSON.stringify({ ...claims, user: 'buyer-2' })).toString('base64url');
    expect(signer.verify(`${h}.${changed}.${s}`)).toEqual({ ok: false, reason: 'bad_signature' });
    const other = new TokenSigner('another-secret', 1800, () => now);
    expect(other.verify(token)).toEqual({ ok: false, reason: 'bad_signature' });
    for (const junk of ['', 'a.b', 'a.b.c', `${h}.${p}`, `${token}.x`]) expect(signer.verify(junk).ok).toBe(false);
  });

  it('is a JWT whose `user` claim Web Chat reads as the user id', () => {
    const { token } = signer.issue({ user: 'buyer-9', conv: 'c9' });
    const [header, payload] = token
      .split('.')
      .slice(0, 2)
      .map((p) => JSON.parse(Buffer.from(p, 'base64url').toString()));
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(payload.user).toBe('buyer-9');
  });

  it('compares the site secret exactly', () => {
    expect(isSecret('site-secret', 'site-secret')).toBe(true);
    expect(isSecret('site-secre', 'site-secret')).toBe(false);
  });
});

describe('RateLimiter', () => {
  it('allows a burst, then refills at the given rate, per key', () => {
    let now = 0;
    const limiter = new RateLimiter(3, 2, () => now);
    expect([1, 2, 3].map(() => limiter.take('a'))).toEqual([0, 0, 0]);
    expect(limiter.take('a')).toBe(500);
    expect(limiter.take('b')).toBe(0);
    now += 500;
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBeGreaterThan(0);
  });
});
