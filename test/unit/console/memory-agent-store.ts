/** An in-memory AgentStore for unit tests (the contract suite keeps it honest). */
import type { Agent, AgentNote, AgentSession, AgentStore, AuditEntry } from '../../../src/ports/agent-store.js';

export function memoryAgentStore(): AgentStore {
  const agents = new Map<string, Agent>();
  const sessions = new Map<string, AgentSession>();
  const notes: AgentNote[] = [];
  const audit: AuditEntry[] = [];
  return {
    async addAgent(a) {
      if ([...agents.values()].some((x) => x.email === a.email)) return false;
      agents.set(a.id, { ...a, disabled: false, failedLogins: 0, lockedUntil: null, lastLoginAt: null });
      return true;
    },
    async getAgent(id) {
      const a = agents.get(id);
      return a ? { ...a } : null;
    },
    async findByEmail(email) {
      const a = [...agents.values()].find((x) => x.email === email);
      return a ? { ...a } : null;
    },
    async listAgents() {
      return [...agents.values()].sort((a, b) => a.email.localeCompare(b.email)).map((a) => ({ ...a }));
    },
    async updateAgent(id, patch) {
      const a = agents.get(id);
      if (a) agents.set(id, { ...a, ...patch });
    },
    async createSession(s) {
      sessions.set(s.id, { ...s });
    },
    async getSession(id) {
      const s = sessions.get(id);
      return s ? { ...s } : null;
    },
    async deleteSession(id) {
      sessions.delete(id);
    },
    async deleteSessionsOf(agentId) {
      for (const [id, s] of sessions) if (s.agentId === agentId) sessions.delete(id);
    },
    async deleteExpiredSessions(now) {
      for (const [id, s] of sessions) if (s.expiresAt < now) sessions.delete(id);
    },
    async addNote(n) {
      const note = { ...n, id: notes.length + 1 };
      notes.push(note);
      return { ...note };
    },
    async listNotes(ticketId) {
      return notes.filter((n) => n.ticketId === ticketId).map((n) => ({ ...n }));
    },
    async audit(e) {
      audit.push({ ...e, id: audit.length + 1 });
    },
    async listAudit(q = {}) {
      return audit
        .filter(
          (e) =>
            (q.ticketId === undefined || e.ticketId === q.ticketId) &&
            (q.action === undefined || e.action === q.action) &&
            (q.since === undefined || e.at >= q.since),
        )
        .reverse()
        .slice(0, q.limit ?? 1000);
    },
  };
}
