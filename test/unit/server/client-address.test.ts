/** The client address behind trusted proxies (TRUSTED_PROXIES); anyone else's X-Forwarded-For is ignored. */
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { clientAddressOf, trustedProxies } from '../../../src/server/client-address.js';

async function seen(trusted: string | undefined, peer: string, forwarded?: string): Promise<string> {
  const app = new Hono();
  const address = clientAddressOf(trustedProxies(trusted));
  app.get('/', (c) => c.text(address(c)));
  const headers: Record<string, string> = forwarded ? { 'x-forwarded-for': forwarded } : {};
  const res = await app.request('/', { headers }, { incoming: { socket: { remoteAddress: peer } } });
  return res.text();
}

describe('client address', () => {
  it('is the socket peer when no proxy is trusted, whatever X-Forwarded-For says', async () => {
    expect(await seen(undefined, '203.0.113.9', '1.2.3.4')).toBe('203.0.113.9');
  });

  it('is the address the trusted proxy saw', async () => {
    expect(await seen('loopback', '127.0.0.1', '198.51.100.7')).toBe('198.51.100.7');
    expect(await seen('10.0.0.0/8', '::ffff:10.1.2.3', '198.51.100.7, 10.0.0.5')).toBe('198.51.100.7');
  });

  it('does not let a client pick its address by prepending to X-Forwarded-For', async () => {
    expect(await seen('10.0.0.0/8', '10.0.0.1', '1.1.1.1, 198.51.100.7')).toBe('198.51.100.7');
  });

  it('keeps the peer when the forwarded value is not an address', async () => {
    expect(await seen('loopback', '127.0.0.1', 'garbage')).toBe('127.0.0.1');
  });

  it('refuses a malformed list', () => {
    expect(() => trustedProxies('10.0.0.0/8, not-an-ip')).toThrow(/TRUSTED_PROXIES/);
  });
});
