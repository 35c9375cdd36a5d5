/**
 * Agents and sessions: sign-in with lockout, session lookup, sign-out, adding and disabling agents.
 * Outcomes are data; the HTTP layer turns them into cookies and pages.
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Agent, AgentRole, AgentSession, AgentStore } from '../ports/agent-store.js';
import { DEFAULT_COST, dummyHash, hashPassword, passwordProblem, type ScryptCost, verifyPassword } from './password.js';
import { createLoginThrottle, type LoginThrottle, type RateLimiter } from './rate-limit.js';

export const SESSION_MS = 12 * 60 * 60_000;

/** `locked`: this e-mail from this client is backing off (said alike for unknown and known e-mails). */
export type LoginResult =
  | { ok: true; agent: Agent; token: string; session: AgentSession }
  | { ok: false; reason: 'invalid' | 'rate_limited' }
  | { ok: false; reason: 'locked'; retryAfterSeconds: number };

export interface SignedIn {
  agent: Agent;
  session: AgentSession;
}

export type AddAgentResult =
  | { ok: true; agent: Agent }
  | { ok: false; reason: 'email_taken' | 'weak_password' | 'bad_email'; message: string };

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const EMAIL = /^[^\s@]+@[^\s@]+$/;

export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export class AuthService {
  readonly #dummy: Promise<string>;

  constructor(
    private readonly store: AgentStore,
    private readonly limiter: RateLimiter,
    private readonly now: () => Date = () => new Date(),
    /** Tests lower it; stored hashes carry their own cost. */
    private readonly cost: ScryptCost = DEFAULT_COST,
    private readonly throttle: LoginThrottle = createLoginThrottle(),
  ) {
    this.#dummy = dummyHash(cost);
    this.#dummy.catch(() => undefined);
  }

  async addAgent(
    input: { email: string; role: AgentRole; password: string },
    by: string | null,
  ): Promise<AddAgentResult> {
    const email = input.email.trim().toLowerCase();
    if (!EMAIL.test(email) || email.length > 200)
      return { ok: false, reason: 'bad_email', message: 'not an e-mail address' };
    const weak = passwordProblem(input.password);
    if (weak) return { ok: false, reason: 'weak_password', message: `password: ${weak}` };
    const agent: Agent = {
      id: randomUUID(),
      email,
      role: input.role,
      passwordHash: await hashPassword(input.password, this.cost),
      disabled: false,
      failedLogins: 0,
      lockedUntil: null,
      createdAt: this.now().toISOString(),
      lastLoginAt: null,
    };
    if (!(await this.store.addAgent(agent))) return { ok: false, reason: 'email_taken', message: `${email} exists` };
    await this.audit(by, 'agent_added', { email, role: input.role });
    return { ok: true, agent };
  }

  async setDisabled(agentId: string, disabled: boolean, by: string): Promise<boolean> {
    const agent = await this.store.getAgent(agentId);
    if (!agent) return false;
    await this.store.updateAgent(agentId, { disabled });
    if (disabled) await this.store.deleteSessionsOf(agentId);
    await this.audit(by, disabled ? 'agent_disabled' : 'agent_enabled', { email: agent.email });
    return true;
  }

  async login(emailInput: string, password: string, client: string): Promise<LoginResult> {
    const now = this.now();
    if (!this.limiter.hit(client, now)) return { ok: false, reason: 'rate_limited' };
    const email = emailInput.trim().toLowerCase().slice(0, 200);
    // Keyed before looking the e-mail up: unknown and known accounts back off alike.
    const key = `${email}\n${client}`;
    const wait = this.throttle.wait(key, now);
    if (wait > 0) return { ok: false, reason: 'locked', retryAfterSeconds: Math.ceil(wait / 1000) };
    const agent = await this.store.findByEmail(email);
    const good = await verifyPassword(password, agent?.passwordHash ?? (await this.#dummy));
    if (!agent || !good) {
      const backoff = this.throttle.fail(key, now);
      await this.audit(agent?.id ?? null, backoff > 0 ? 'locked' : 'login_failed', {
        ...(agent ? {} : { email }),
        client,
        backoffSeconds: Math.ceil(backoff / 1000),
      });
      return { ok: false, reason: 'invalid' };
    }
    if (agent.disabled) return { ok: false, reason: 'invalid' };
    this.throttle.clear(key);
    await this.store.updateAgent(agent.id, { lastLoginAt: now.toISOString() });
    const token = randomBytes(32).toString('base64url');
    const session: AgentSession = {
      id: sha256(token),
      agentId: agent.id,
      csrfToken: randomBytes(24).toString('base64url'),
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + SESSION_MS).toISOString(),
    };
    await this.store.deleteExpiredSessions(now.toISOString());
    await this.store.createSession(session);
    await this.audit(agent.id, 'login', { client });
    return { ok: true, agent, token, session };
  }

  /** The signed-in agent for a cookie token, or null (unknown, expired, agent disabled). */
  async resolve(token: string | undefined): Promise<SignedIn | null> {
    if (!token || token.length > 200) return null;
    const session = await this.store.getSession(sha256(token));
    if (!session) return null;
    if (Date.parse(session.expiresAt) <= this.now().getTime()) {
      await this.store.deleteSession(session.id);
      return null;
    }
    const agent = await this.store.getAgent(session.agentId);
    if (!agent || agent.disabled) return null;
    return { agent, session };
  }

  async logout(signedIn: SignedIn): Promise<void> {
    await this.store.deleteSession(signedIn.session.id);
    await this.audit(signedIn.agent.id, 'logout', null);
  }

  private audit(
    agentId: string | null,
    action: 'login' | 'login_failed' | 'locked' | 'logout' | 'agent_added' | 'agent_disabled' | 'agent_enabled',
    detail: Record<string, string | number | null> | null,
  ) {
    return this.store.audit({ at: this.now().toISOString(), agentId, action, ticketId: null, detail });
  }
}
