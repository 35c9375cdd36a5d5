/**
 * A console wired to in-memory stores and a fake platform, seeded with one bot-opened ticket whose
 * buyer wrote hostile HTML, plus a tiny cookie-keeping client for `app.request`.
 */
import type { Hono } from 'hono';
import { pino } from 'pino';
import { AuthService } from '../../../src/console/auth.js';
import { transcriptVerifier } from '../../../src/console/chain.js';
import type { ConsoleDeps } from '../../../src/console/deps.js';
import { consoleModule } from '../../../src/console/http/module.js';
import { createRateLimiter } from '../../../src/console/rate-limit.js';
import { redactSecrets } from '../../../src/console/redact.js';
import type { AgentRole } from '../../../src/ports/agent-store.js';
import type { AttachmentMeta } from '../../../src/ports/attachment-store.js';
import type { ConversationRecord } from '../../../src/ports/conversation-store.js';
import { type DecisionInput, type Order, PlatformError, type Ticket } from '../../../src/ports/platform.js';
import type { BotTicket, TicketFilter } from '../../../src/ports/ticket-store.js';
import type { AttachmentRef, TranscriptEntry } from '../../../src/ports/transcript-store.js';
import { createApp } from '../../../src/server/app.js';
import { createMetrics } from '../../../src/server/metrics.js';
import { entryHash, payloadHash, sha256Hex } from '../../../src/transcript/canonical.js';
import { memoryAgentStore } from './memory-agent-store.js';

export const XSS_SCRIPT = '<script>alert("pwned")</script>';
export const XSS_IMG = '<img src=x onerror=alert(1)>';
export const CARD_CODE = 'ABCD-EFGH-JKLM-NPQR';
/** A 1×1 PNG. */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
export const PNG_SHA = sha256Hex(PNG);
export const NOW = new Date('2026-11-26T12:00:00.000Z');

export function memoryTickets() {
  const tickets = new Map<string, BotTicket>();
  const matches = (t: BotTicket, f: TicketFilter) =>
    (!f.status || t.status === f.status) &&
    (!f.scenario || t.scenario === f.scenario) &&
    (!f.assessment || t.assessment.result === f.assessment) &&
    (!f.channel || t.channel === f.channel) &&
    (!f.orderNo || t.orderNo === f.orderNo) &&
    (!f.buyerId || t.buyerId === f.buyerId) &&
    (!f.conversationId || t.conversationId === f.conversationId);
  return {
    async upsert(t: BotTicket) {
      tickets.set(t.ticketId, { ...t });
    },
    async get(id: string) {
      return tickets.get(id) ?? null;
    },
    async list(f: TicketFilter = {}) {
      const all = [...tickets.values()]
        .filter((t) => matches(t, f))
        .sort((a, b) => a.slaDueAt.localeCompare(b.slaDueAt));
      const offset = f.offset ?? 0;
      return { items: all.slice(offset, offset + (f.limit ?? 50)), total: all.length };
    },
  };
}

export function buildTranscript(
  conversationId: string,
  parts: Array<Pick<TranscriptEntry, 'direction' | 'actor' | 'type' | 'payload'> & { attachments?: AttachmentRef[] }>,
) {
  const entries: TranscriptEntry[] = [];
  let prev = '0'.repeat(64);
  for (const [i, p] of parts.entries()) {
    const base = {
      conversationId,
      seq: i + 1,
      at: new Date(NOW.getTime() - (parts.length - i) * 60_000).toISOString(),
      direction: p.direction,
      channel: 'rest' as const,
      actor: p.actor,
      type: p.type,
      payload: p.payload,
      attachments: p.attachments ?? [],
    };
    const hash = entryHash(prev, { ...base, payloadHash: payloadHash(base.payload) });
    entries.push({ ...base, prevHash: prev, hash });
    prev = hash;
  }
  return entries;
}

export function makeOrder(orderNo: string): Order {
  return {
    orderNo,
    buyerId: 'buyer-1',
    contact: 'buyer@example.com',
    product: {
      sku: 'G-100',
      name: '游戏点卡 100 元',
      kind: 'game_card',
      deliveryMode: 'auto',
      promiseHours: 1,
      noReasonDays: 0,
    },
    amount: 100,
    currency: 'CNY',
    paymentChannel: 'alipay',
    status: 'delivered',
    paidAt: '2026-11-25T10:00:00.000Z',
    deliveredAt: '2026-11-25T10:01:00.000Z',
    activatedAt: null,
    charges: [{ txnId: 'T-1', amount: 100, at: '2026-11-25T10:00:00.000Z' }],
    supplierId: 'sup-1',
  };
}

export interface Fixture {
  app: Hono;
  deps: ConsoleDeps;
  decisions: Array<{ ticketId: string; input: DecisionInput }>;
  ticket: BotTicket;
  platformDown: { value: boolean };
  addAgent(email: string, role: AgentRole, password?: string): Promise<void>;
}

export const PASSWORD = 'correct horse battery';
/** Cheap scrypt for tests; production uses N = 2^15. */
export const FAST_SCRYPT = { N: 1024, r: 8, p: 1 };

export async function makeFixture(): Promise<Fixture> {
  const agents = memoryAgentStore();
  const tickets = memoryTickets();
  const conversationId = 'rest:buyer-1';
  const attachment: AttachmentMeta = {
    sha256: PNG_SHA,
    mime: 'image/png',
    bytes: PNG.length,
    name: `shot${XSS_IMG}.png`,
    conversationId,
    createdAt: NOW.toISOString(),
  };
  const transcript = buildTranscript(conversationId, [
    { direction: 'in', actor: 'buyer', type: 'text', payload: { text: `卡密无效 ${XSS_SCRIPT}` } },
    { direction: 'out', actor: 'bot', type: 'text', payload: { text: '请上传报错截图。' } },
    { direction: 'in', actor: 'buyer', type: 'text', payload: { text: `${XSS_IMG} 我的卡密: ${CARD_CODE}` } },
    {
      direction: 'in',
      actor: 'buyer',
      type: 'attachment',
      payload: { text: '' },
      attachments: [{ sha256: PNG_SHA, mime: 'image/png', bytes: PNG.length, name: attachment.name }],
    },
    { direction: 'system', actor: 'bot', type: 'event', payload: { event: 'ticket_opened', ticketId: 'TK-1' } },
  ]);
  const ticket: BotTicket = {
    ticketId: 'TK-1',
    orderNo: 'KM20261125000001',
    buyerId: 'buyer-1',
    conversationId,
    channel: 'rest',
    scenario: 'defective',
    assessment: { result: 'needs_review', clauseIds: ['RP-05', 'RP-13'], reasons: [`buyer says ${XSS_SCRIPT}`] },
    status: 'open',
    headHash: transcript.at(-1)!.hash,
    slaDueAt: '2026-11-28T12:00:00.000Z',
    createdAt: '2026-11-26T10:00:00.000Z',
    updatedAt: '2026-11-26T10:00:00.000Z',
  };
  await tickets.upsert(ticket);
  const platformTicket: Ticket = {
    orderNo: ticket.orderNo,
    buyerId: ticket.buyerId,
    channel: 'rest',
    scenario: 'defective',
    assessment: ticket.assessment,
    claims: [`the code does not work ${XSS_IMG}`],
    evidence: [{ kind: 'error_screenshot', sha256: PNG_SHA, mime: 'image/png', bytes: PNG.length, text: XSS_SCRIPT }],
    transcript: { conversationId, headHash: ticket.headHash },
    ticketId: 'TK-1',
    status: 'open',
    createdAt: ticket.createdAt,
    slaDueAt: ticket.slaDueAt,
  };
  const conversation: ConversationRecord = {
    id: conversationId,
    channel: 'rest',
    address: {},
    buyerId: 'buyer-1',
    lang: 'zh',
    state: null,
    handoff: false,
    version: 1,
    createdAt: NOW.toISOString(),
    updatedAt: NOW.toISOString(),
  };
  const decisions: Fixture['decisions'] = [];
  const platformDown = { value: false };
  const deps: ConsoleDeps = {
    agents,
    auth: new AuthService(agents, createRateLimiter({ limit: 30, windowMs: 5 * 60_000 }), () => NOW, FAST_SCRYPT),
    tickets,
    transcripts: {
      list: async (id) => (id === conversationId ? transcript : []),
    },
    attachments: {
      get: async (sha) => (sha === PNG_SHA ? attachment : null),
      listByConversation: async (id) => (id === conversationId ? [attachment] : []),
    },
    conversations: {
      get: async (id) => (id === conversationId ? conversation : null),
    },
    conversationCounter: { count: async () => ({ total: 4, handoff: 1 }) },
    platform: {
      getOrder: async (orderNo) => (orderNo === ticket.orderNo ? makeOrder(orderNo) : null),
      getTicket: async (id) => {
        if (platformDown.value) throw new PlatformError(0, 'down', 'platform down');
        return id === 'TK-1' ? platformTicket : null;
      },
      decide: async (ticketId, input) => {
        if (platformDown.value) throw new PlatformError(503, 'down', 'platform down');
        decisions.push({ ticketId, input });
        const status =
          input.decision === 'approve' ? 'approved' : input.decision === 'reject' ? 'rejected' : 'awaiting_evidence';
        Object.assign(platformTicket, {
          status,
          decision: { ...input, at: NOW.toISOString() },
          decidedAt: NOW.toISOString(),
        });
        return { ...platformTicket };
      },
    },
    evidence: { read: async (sha) => (sha === PNG_SHA ? new Uint8Array(PNG) : null) },
    retriever: {
      clause: async (id, lang) =>
        id === 'RP-05'
          ? {
              id,
              title: lang === 'zh' ? '商品有缺陷' : 'Defective goods',
              text:
                lang === 'zh'
                  ? '卡密无效或无法激活的，经供应商核实后补发或退款。'
                  : 'Invalid codes are reissued or refunded after the supplier checks.',
              document: 'refund-rules',
              lang,
              version: '1',
            }
          : null,
    },
    verifyChain: transcriptVerifier(async (sha) => (sha === PNG_SHA ? new Uint8Array(PNG) : null)),
    redact: redactSecrets,
    log: pino({ level: 'silent' }),
    now: () => NOW,
    secureCookies: false,
    timeZone: 'Asia/Shanghai',
  };
  const app = createApp({
    log: deps.log,
    metrics: createMetrics({ defaultMetrics: false }),
    modules: [consoleModule(deps)],
    version: 'test',
  });
  return {
    app,
    deps,
    decisions,
    ticket,
    platformDown,
    async addAgent(email, role, password = PASSWORD) {
      const r = await deps.auth.addAgent({ email, role, password }, null);
      if (!r.ok) throw new Error(r.message);
    },
  };
}

/** Keeps cookies between requests, like a browser on one site. */
export class Browser {
  readonly cookies = new Map<string, string>();
  constructor(private readonly app: Hono) {}

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await this.app.request(`http://console.test${path}`, { ...init, headers });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...value] = pair!.split('=');
      if (/max-age=0/i.test(line) || value.join('=') === '') this.cookies.delete(name!);
      else this.cookies.set(name!, value.join('='));
    }
    return res;
  }

  form(path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
    return this.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(fields).toString(),
    });
  }

  async loginCsrf(): Promise<string> {
    const html = await (await this.request('/agent/login')).text();
    return /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
  }

  async signIn(email: string, password = PASSWORD): Promise<Response> {
    const csrf = await this.loginCsrf();
    return this.form('/agent/login', { _csrf: csrf, email, password });
  }

  async csrf(): Promise<string> {
    const me = (await (await this.request('/api/agent/me')).json()) as { csrfToken: string };
    return me.csrfToken;
  }
}
