/** Agents, sessions, notes and the audit log of the console in SQLite (module `agents`, its own migrations). */
import type { JsonValue } from '../../src/core/json.js';
import type {
  Agent,
  AgentNote,
  AgentRole,
  AgentSession,
  AgentStore,
  AuditAction,
  AuditEntry,
  ConversationCounter,
} from '../../src/ports/agent-store.js';
import { applyMigrations, type Migration, type SqliteDatabase } from './database.js';

export const agentMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'agents, sessions, notes, audit',
    sql: `
      CREATE TABLE agents (
        id TEXT PRIMARY KEY,
        email TEXT NOT NULL UNIQUE,
        role TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        disabled INTEGER NOT NULL DEFAULT 0,
        failed_logins INTEGER NOT NULL DEFAULT 0,
        locked_until TEXT,
        created_at TEXT NOT NULL,
        last_login_at TEXT
      );
      CREATE TABLE agent_sessions (
        id TEXT PRIMARY KEY,
        agent_id TEXT NOT NULL,
        csrf_token TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      );
      CREATE INDEX agent_sessions_agent ON agent_sessions (agent_id);
      CREATE TABLE agent_notes (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        ticket_id TEXT NOT NULL,
        agent_id TEXT NOT NULL,
        text TEXT NOT NULL,
        at TEXT NOT NULL
      );
      CREATE INDEX agent_notes_ticket ON agent_notes (ticket_id, id);
      CREATE TABLE agent_audit (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        agent_id TEXT,
        action TEXT NOT NULL,
        ticket_id TEXT,
        detail TEXT NOT NULL
      );
      CREATE INDEX agent_audit_ticket ON agent_audit (ticket_id, id);
      CREATE INDEX agent_audit_action ON agent_audit (action, id);
    `,
  },
];

interface AgentRow {
  id: string;
  email: string;
  role: string;
  password_hash: string;
  disabled: number;
  failed_logins: number;
  locked_until: string | null;
  created_at: string;
  last_login_at: string | null;
}

interface AuditRow {
  id: number;
  at: string;
  agent_id: string | null;
  action: string;
  ticket_id: string | null;
  detail: string;
}

const toAgent = (r: AgentRow): Agent => ({
  id: r.id,
  email: r.email,
  role: r.role as AgentRole,
  passwordHash: r.password_hash,
  disabled: r.disabled === 1,
  failedLogins: r.failed_logins,
  lockedUntil: r.locked_until,
  createdAt: r.created_at,
  lastLoginAt: r.last_login_at,
});

const PATCH_COLUMNS = {
  role: 'role',
  passwordHash: 'password_hash',
  disabled: 'disabled',
  failedLogins: 'failed_logins',
  lockedUntil: 'locked_until',
  lastLoginAt: 'last_login_at',
} as const;

export function sqliteAgentStore(db: SqliteDatabase): AgentStore {
  applyMigrations(db, 'agents', agentMigrations);
  const insertAgent = db.prepare(
    `INSERT INTO agents (id, email, role, password_hash, created_at) VALUES (@id, @email, @role, @passwordHash, @createdAt)
     ON CONFLICT (email) DO NOTHING`,
  );
  const byId = db.prepare<[string], AgentRow>('SELECT * FROM agents WHERE id = ?');
  const byEmail = db.prepare<[string], AgentRow>('SELECT * FROM agents WHERE email = ?');
  const all = db.prepare<[], AgentRow>('SELECT * FROM agents ORDER BY email');
  const insertSession = db.prepare(
    'INSERT INTO agent_sessions (id, agent_id, csrf_token, created_at, expires_at) VALUES (@id, @agentId, @csrfToken, @createdAt, @expiresAt)',
  );
  const session = db.prepare<
    [string],
    { id: string; agent_id: string; csrf_token: string; created_at: string; expires_at: string }
  >('SELECT * FROM agent_sessions WHERE id = ?');
  const deleteSession = db.prepare('DELETE FROM agent_sessions WHERE id = ?');
  const deleteSessionsOf = db.prepare('DELETE FROM agent_sessions WHERE agent_id = ?');
  const deleteExpired = db.prepare('DELETE FROM agent_sessions WHERE expires_at < ?');
  const insertNote = db.prepare(
    'INSERT INTO agent_notes (ticket_id, agent_id, text, at) VALUES (@ticketId, @agentId, @text, @at)',
  );
  const notes = db.prepare<[string], { id: number; ticket_id: string; agent_id: string; text: string; at: string }>(
    'SELECT * FROM agent_notes WHERE ticket_id = ? ORDER BY id',
  );
  const insertAudit = db.prepare(
    'INSERT INTO agent_audit (at, agent_id, action, ticket_id, detail) VALUES (@at, @agentId, @action, @ticketId, @detail)',
  );

  return {
    async addAgent(a) {
      return insertAgent.run(a).changes === 1;
    },
    async getAgent(id) {
      const r = byId.get(id);
      return r ? toAgent(r) : null;
    },
    async findByEmail(email) {
      const r = byEmail.get(email);
      return r ? toAgent(r) : null;
    },
    async listAgents() {
      return all.all().map(toAgent);
    },
    async updateAgent(id, patch) {
      const sets: string[] = [];
      const values: Record<string, string | number | null> = { id };
      for (const [key, column] of Object.entries(PATCH_COLUMNS) as [keyof typeof PATCH_COLUMNS, string][]) {
        const value = patch[key];
        if (value === undefined) continue;
        sets.push(`${column} = @${key}`);
        values[key] = typeof value === 'boolean' ? Number(value) : value;
      }
      if (sets.length > 0) db.prepare(`UPDATE agents SET ${sets.join(', ')} WHERE id = @id`).run(values);
    },
    async createSession(s) {
      insertSession.run(s);
    },
    async getSession(id): Promise<AgentSession | null> {
      const r = session.get(id);
      return r
        ? { id: r.id, agentId: r.agent_id, csrfToken: r.csrf_token, createdAt: r.created_at, expiresAt: r.expires_at }
        : null;
    },
    async deleteSession(id) {
      deleteSession.run(id);
    },
    async deleteSessionsOf(agentId) {
      deleteSessionsOf.run(agentId);
    },
    async deleteExpiredSessions(now) {
      deleteExpired.run(now);
    },
    async addNote(n): Promise<AgentNote> {
      const id = Number(insertNote.run(n).lastInsertRowid);
      return { ...n, id };
    },
    async listNotes(ticketId) {
      return notes
        .all(ticketId)
        .map((r) => ({ id: r.id, ticketId: r.ticket_id, agentId: r.agent_id, text: r.text, at: r.at }));
    },
    async audit(e) {
      insertAudit.run({ ...e, detail: JSON.stringify(e.detail) });
    },
    async listAudit(q = {}) {
      const where: string[] = [];
      const values: Record<string, string | number> = { limit: q.limit ?? 1000 };
      if (q.ticketId !== undefined) {
        where.push('ticket_id = @ticketId');
        values.ticketId = q.ticketId;
      }
      if (q.action !== undefined) {
        where.push('action = @action');
        values.action = q.action;
      }
      if (q.since !== undefined) {
        where.push('at >= @since');
        values.since = q.since;
      }
      const sql = `SELECT * FROM agent_audit ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT @limit`;
      return db
        .prepare<Record<string, string | number>, AuditRow>(sql)
        .all(values)
        .map(
          (r): AuditEntry => ({
            id: r.id,
            at: r.at,
            agentId: r.agent_id,
            action: r.action as AuditAction,
            ticketId: r.ticket_id,
            detail: JSON.parse(r.detail) as JsonValue,
          }),
        );
    },
  };
}

/** Conversation totals from the core module's `conversations` table. */
export function sqliteConversationCounter(db: SqliteDatabase): ConversationCounter {
  const count = db.prepare<[], { total: number; handoff: number | null }>(
    'SELECT COUNT(*) AS total, SUM(handoff) AS handoff FROM conversations',
  );
  return {
    async count() {
      const r = count.get();
      return { total: r?.total ?? 0, handoff: r?.handoff ?? 0 };
    },
  };
}
