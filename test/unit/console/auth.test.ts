import { describe, expect, it } from 'vitest';
import { AuthService, SESSION_MS } from '../../../src/console/auth.js';
import { createRateLimiter, LOGIN_BACKOFF } from '../../../src/console/rate-limit.js';
import { memoryAgentStore } from './memory-agent-store.js';

const PASSWORD = 'correct horse battery';
const FAST = { N: 1024, r: 8, p: 1 };

async function setup(limit = 100) {
  const store = memoryAgentStore();
  let now = new Date('2026-11-26T12:00:00.000Z');
  const auth = new AuthService(store, createRateLimiter({ limit, windowMs: 60_000 }), () => now, FAST);
  const added = await auth.addAgent({ email: 'Agent@Example.com', role: 'agent', password: PASSWORD }, null);
  if (!added.ok) throw new Error(added.message);
  return { store, auth, agent: added.agent, advance: (ms: number) => (now = new Date(now.getTime() + ms)) };
}

describe('AuthService', () => {
  it('signs in with the right password (e-mail case-insensitive) and resolves the session token', async () => {
    const { auth, agent } = await setup();
    const r = await auth.login('agent@EXAMPLE.com', PASSWORD, 'ip');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.session.id).not.toBe(r.token);
    expect((await auth.resolve(r.token))?.agent.id).toBe(agent.id);
    expect(await auth.resolve('forged')).toBeNull();
    expect(await auth.resolve(undefined)).toBeNull();
  });

  it(`backs off (account, client) after ${LOGIN_BACKOFF.free} wrong passwords, doubling, without locking other clients out`, async () => {
    const { auth, store, advance } = await setup();
    for (let i = 1; i <= LOGIN_BACKOFF.free; i++) {
      expect(await auth.login('agent@example.com', `wrong ${i}`, 'ip-attacker')).toEqual({
        ok: false,
        reason: 'invalid',
      });
    }
    expect(await auth.login('agent@example.com', PASSWORD, 'ip-attacker')).toEqual({
      ok: false,
      reason: 'locked',
      retryAfterSeconds: LOGIN_BACKOFF.baseMs / 1000,
    });
    // The agent, from their own client, is not locked out by someone guessing elsewhere.
    expect((await auth.login('agent@example.com', PASSWORD, 'ip-agent')).ok).toBe(true);
    advance(LOGIN_BACKOFF.baseMs);
    await auth.login('agent@example.com', 'wrong again', 'ip-attacker');
    expect(await auth.login('agent@example.com', PASSWORD, 'ip-attacker')).toMatchObject({
      reason: 'locked',
      retryAfterSeconds: (2 * LOGIN_BACKOFF.baseMs) / 1000,
    });
    expect((await store.listAudit({ action: 'locked' })).length).toBe(2);
    advance(2 * LOGIN_BACKOFF.baseMs);
    expect((await auth.login('agent@example.com', PASSWORD, 'ip-attacker')).ok).toBe(true);
  });

  it('answers an unknown e-mail exactly like a known one, backing off included', async () => {
    const { auth } = await setup();
    const known: unknown[] = [];
    const unknown: unknown[] = [];
    for (let i = 0; i <= LOGIN_BACKOFF.free; i++) {
      known.push(await auth.login('agent@example.com', 'wrong', 'ip-1'));
      unknown.push(await auth.login('nobody@example.com', 'wrong', 'ip-1'));
    }
    expect(unknown).toEqual(known);
    expect(known.at(-1)).toMatchObject({ reason: 'locked' });
  });

  it('a success clears the back-off of that client', async () => {
    const { auth } = await setup();
    for (let i = 0; i < LOGIN_BACKOFF.free - 1; i++) await auth.login('agent@example.com', 'wrong', 'ip');
    expect((await auth.login('agent@example.com', PASSWORD, 'ip')).ok).toBe(true);
    for (let i = 0; i < LOGIN_BACKOFF.free - 1; i++) await auth.login('agent@example.com', 'wrong', 'ip');
    expect((await auth.login('agent@example.com', PASSWORD, 'ip')).ok).toBe(true);
  });

  it('rate-limits sign-in attempts per client address', async () => {
    const { auth } = await setup(3);
    for (let i = 0; i < 3; i++) await auth.login('nobody@example.com', 'x', 'ip-1');
    expect(await auth.login('agent@example.com', PASSWORD, 'ip-1')).toEqual({ ok: false, reason: 'rate_limited' });
    expect((await auth.login('agent@example.com', PASSWORD, 'ip-2')).ok).toBe(true);
  });

  it('ends sessions at expiry, at sign-out and when the agent is disabled', async () => {
    const { auth, agent, advance } = await setup();
    const a = await auth.login('agent@example.com', PASSWORD, 'ip');
    const b = await auth.login('agent@example.com', PASSWORD, 'ip');
    const c = await auth.login('agent@example.com', PASSWORD, 'ip');
    if (!a.ok || !b.ok || !c.ok) throw new Error('login failed');
    await auth.logout({ agent: a.agent, session: a.session });
    expect(await auth.resolve(a.token)).toBeNull();
    expect(await auth.resolve(b.token)).not.toBeNull();
    await auth.setDisabled(agent.id, true, 'admin');
    expect(await auth.resolve(b.token)).toBeNull();
    expect(await auth.login('agent@example.com', PASSWORD, 'ip')).toEqual({ ok: false, reason: 'invalid' });
    await auth.setDisabled(agent.id, false, 'admin');
    const d = await auth.login('agent@example.com', PASSWORD, 'ip');
    if (!d.ok) throw new Error('login failed');
    advance(SESSION_MS + 1);
    expect(await auth.resolve(d.token)).toBeNull();
  });

  it('refuses duplicate e-mails, bad e-mails and short passwords', async () => {
    const { auth } = await setup();
    expect(await auth.addAgent({ email: 'agent@example.com', role: 'admin', password: PASSWORD }, null)).toMatchObject({
      ok: false,
      reason: 'email_taken',
    });
    expect(await auth.addAgent({ email: 'not-an-email', role: 'agent', password: PASSWORD }, null)).toMatchObject({
      ok: false,
      reason: 'bad_email',
    });
    expect(await auth.addAgent({ email: 'b@example.com', role: 'agent', password: 'short' }, null)).toMatchObject({
      ok: false,
      reason: 'weak_password',
    });
  });
});
