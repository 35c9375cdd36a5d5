/** Agents of the console, their sessions, notes on tickets and the audit log (SPEC §11). */
import { z } from 'zod';
import type { JsonValue } from '../core/json.js';

export const AGENT_ROLES = ['agent', 'admin'] as const;
export const AgentRole = z.enum(AGENT_ROLES);
export type AgentRole = z.infer<typeof AgentRole>;

export interface Agent {
  id: string;
  /** Lower-cased; unique. */
  email: string;
  role: AgentRole;
  /** `scrypt$N$r$p$salt$hash` (base64url parts); never leaves the server. */
  passwordHash: string;
  disabled: boolean;
  /** Wrong passwords in a row since the last successful sign-in. */
  failedLogins: number;
  lockedUntil: string | null;
  createdAt: string;
  lastLoginAt: string | null;
}

export type NewAgent = Pick<Agent, 'id' | 'email' | 'role' | 'passwordHash' | 'createdAt'>;
export type AgentPatch = Partial<
  Pick<Agent, 'role' | 'passwordHash' | 'disabled' | 'failedLogins' | 'lockedUntil' | 'lastLoginAt'>
>;

export interface AgentSession {
  /** SHA-256 of the cookie token: a leaked database does not hand out sessions. */
  id: string;
  agentId: string;
  csrfToken: string;
  createdAt: string;
  expiresAt: string;
}

export interface AgentNote {
  id: number;
  ticketId: string;
  agentId: string;
  text: string;
  at: string;
}

export const AUDIT_ACTIONS = [
  'login',
  'login_failed',
  'locked',
  'logout',
  'reveal',
  'decision',
  'note',
  'agent_added',
  'agent_disabled',
  'agent_enabled',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  id: number;
  at: string;
  /** Null for failed sign-ins with an unknown e-mail. */
  agentId: string | null;
  action: AuditAction;
  ticketId: string | null;
  detail: JsonValue;
}

export interface AuditQuery {
  ticketId?: string;
  action?: AuditAction;
  since?: string;
  limit?: number;
}

export interface AgentStore {
  /** Adds the agent; `false` when the e-mail is taken. */
  addAgent(agent: NewAgent): Promise<boolean>;
  getAgent(id: string): Promise<Agent | null>;
  findByEmail(email: string): Promise<Agent | null>;
  listAgents(): Promise<Agent[]>;
  updateAgent(id: string, patch: AgentPatch): Promise<void>;

  createSession(session: AgentSession): Promise<void>;
  getSession(id: string): Promise<AgentSession | null>;
  deleteSession(id: string): Promise<void>;
  deleteSessionsOf(agentId: string): Promise<void>;
  /** Removes sessions that expired before `now` (ISO time). */
  deleteExpiredSessions(now: string): Promise<void>;

  addNote(note: Omit<AgentNote, 'id'>): Promise<AgentNote>;
  listNotes(ticketId: string): Promise<AgentNote[]>;

  audit(entry: Omit<AuditEntry, 'id'>): Promise<void>;
  /** Newest first. */
  listAudit(query?: AuditQuery): Promise<AuditEntry[]>;
}

/** Conversation totals for the overview, counted where the conversations are stored. */
export interface ConversationCounter {
  count(): Promise<{ total: number; handoff: number }>;
}
