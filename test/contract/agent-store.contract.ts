/** The behaviour every AgentStore implementation must have. */
import { describe, expect, it } from 'vitest';
import type { AgentStore, NewAgent } from '../../src/ports/agent-store.js';

const agent = (id: string, email: string): NewAgent => ({
  id,
  email,
  role: 'agent',
  passwordHash: 'scrypt$1$1$1$x$y',
  createdAt: '2026-11-26T10:00:00.000Z',
});

export function agentStoreContract(name: string, make: () => Promise<AgentStore> | AgentStore) {
  describe(`AgentStore contract: ${name}`, () => {
    it('adds agents once per e-mail and reads them back', async () => {
      const store = await make();
      expect(await store.addAgent(agent('a1', 'a@x.test'))).toBe(true);
      expect(await store.addAgent(agent('a2', 'a@x.test'))).toBe(false);
      const a = await store.findByEmail('a@x.test');
      expect(a).toMatchObject({
        id: 'a1',
        role: 'agent',
        disabled: false,
        failedLogins: 0,
        lockedUntil: null,
        lastLoginAt: null,
      });
      expect(await store.getAgent('a1')).toEqual(a);
      expect(await store.getAgent('nope')).toBeNull();
      expect(await store.findByEmail('nope@x.test')).toBeNull();
    });

    it('updates only the patched fields', async () => {
      const store = await make();
      await store.addAgent(agent('a1', 'a@x.test'));
      await store.addAgent(agent('b1', 'b@x.test'));
      await store.updateAgent('a1', {
        failedLogins: 3,
        lockedUntil: '2026-11-26T11:00:00.000Z',
        disabled: true,
        role: 'admin',
      });
      expect(await store.getAgent('a1')).toMatchObject({
        failedLogins: 3,
        lockedUntil: '2026-11-26T11:00:00.000Z',
        disabled: true,
        role: 'admin',
        email: 'a@x.test',
      });
      await store.updateAgent('a1', { lockedUntil: null });
      expect((await store.getAgent('a1'))?.lockedUntil).toBeNull();
      expect((await store.getAgent('b1'))?.failedLogins).toBe(0);
      expect((await store.listAgents()).map((a) => a.email)).toEqual(['a@x.test', 'b@x.test']);
    });

    it('keeps sessions until deleted, per session or per agent', async () => {
      const store = await make();
      const s = {
        agentId: 'a1',
        csrfToken: 'c',
        createdAt: '2026-11-26T10:00:00.000Z',
        expiresAt: '2026-11-26T22:00:00.000Z',
      };
      await store.createSession({ ...s, id: 's1' });
      await store.createSession({ ...s, id: 's2' });
      await store.createSession({ ...s, id: 's3', agentId: 'b1' });
      expect(await store.getSession('s1')).toEqual({ ...s, id: 's1' });
      await store.deleteSession('s1');
      expect(await store.getSession('s1')).toBeNull();
      await store.deleteSessionsOf('a1');
      expect(await store.getSession('s2')).toBeNull();
      expect(await store.getSession('s3')).not.toBeNull();
      await store.deleteExpiredSessions('2026-11-26T22:00:00.000Z');
      expect(await store.getSession('s3')).not.toBeNull();
      await store.deleteExpiredSessions('2026-11-26T22:00:00.001Z');
      expect(await store.getSession('s3')).toBeNull();
    });

    it('keeps notes per ticket in order and the audit log newest first', async () => {
      const store = await make();
      const n1 = await store.addNote({
        ticketId: 't1',
        agentId: 'a1',
        text: '<b>first</b>',
        at: '2026-11-26T10:00:00.000Z',
      });
      await store.addNote({ ticketId: 't2', agentId: 'a1', text: 'other', at: '2026-11-26T10:01:00.000Z' });
      await store.addNote({ ticketId: 't1', agentId: 'a1', text: 'second', at: '2026-11-26T10:02:00.000Z' });
      expect(n1.id).toBeGreaterThan(0);
      expect((await store.listNotes('t1')).map((n) => n.text)).toEqual(['<b>first</b>', 'second']);

      await store.audit({
        at: '2026-11-26T10:00:00.000Z',
        agentId: 'a1',
        action: 'reveal',
        ticketId: 't1',
        detail: { what: 'card_codes' },
      });
      await store.audit({
        at: '2026-11-26T10:05:00.000Z',
        agentId: null,
        action: 'login_failed',
        ticketId: null,
        detail: null,
      });
      await store.audit({
        at: '2026-11-26T10:09:00.000Z',
        agentId: 'a1',
        action: 'decision',
        ticketId: 't1',
        detail: { decision: 'approve' },
      });
      expect((await store.listAudit()).map((e) => e.action)).toEqual(['decision', 'login_failed', 'reveal']);
      expect((await store.listAudit({ ticketId: 't1' })).map((e) => e.action)).toEqual(['decision', 'reveal']);
      expect(await store.listAudit({ action: 'reveal' })).toMatchObject([
        { detail: { what: 'card_codes' }, agentId: 'a1' },
      ]);
      expect(await store.listAudit({ since: '2026-11-26T10:05:00.000Z', limit: 1 })).toMatchObject([
        { action: 'decision' },
      ]);
    });
  });
}
