/** Small in-memory fakes of the ports the dialog uses (STYLE 7: fakes instead of flags). */
import { createHash } from 'node:crypto';
import type { ClauseId, Lang, ScenarioId } from '../../src/core/domain.js';
import type { InboundAttachment } from '../../src/core/messages.js';
import type { ConversationRecord, ConversationStore, NewConversation } from '../../src/ports/conversation-store.js';
import { VersionConflictError } from '../../src/ports/conversation-store.js';
import type { EvidenceIntake, UploadResult } from '../../src/ports/evidence.js';
import type { Outbox, OutboxItem } from '../../src/ports/outbox.js';
import {
  type AppealInput,
  type DecisionInput,
  type EvidenceAddInput,
  type EvidenceItem,
  type Order,
  type Platform,
  PlatformError,
  type Ticket,
  type TicketCreate,
  type TicketCreated,
  type TicketQuery,
} from '../../src/ports/platform.js';
import type { Recorder, RecordInput } from '../../src/ports/recorder.js';
import type { Clause, RetrievedClause, Retriever } from '../../src/ports/retriever.js';
import type { BotTicket, TicketFilter, TicketStore } from '../../src/ports/ticket-store.js';
import type { TranscriptEntry } from '../../src/ports/transcript-store.js';
import type { Parse, Understander } from '../../src/ports/understander.js';

const sha = (s: string | Uint8Array) => createHash('sha256').update(s).digest('hex');

export class FakePlatform implements Platform {
  orders = new Map<string, Order>();
  tickets = new Map<string, Ticket>();
  keys = new Map<string, string>();
  added: Array<{ ticketId: string; items: EvidenceItem[] }> = [];
  down = false;
  #seq = 0;
  constructor(private readonly now: () => Date) {}

  #check() {
    if (this.down) throw new PlatformError(0, 'unreachable', 'platform down');
  }
  async getOrder(orderNo: string) {
    this.#check();
    return this.orders.get(orderNo) ?? null;
  }
  async verifyOwnership(orderNo: string, contact: string) {
    this.#check();
    const order = this.orders.get(orderNo);
    return order && order.contact === contact ? { ok: true, buyerId: order.buyerId } : { ok: false };
  }
  async createTicket(input: TicketCreate, key: string): Promise<TicketCreated> {
    this.#check();
    const existing =
      this.keys.get(key) ??
      [...this.tickets.values()].find(
        (t) =>
          t.orderNo === input.orderNo &&
          t.scenario === input.scenario &&
          ['open', 'awaiting_evidence', 'appealed'].includes(t.status),
      )?.ticketId;
    const found = existing ? this.tickets.get(existing) : undefined;
    if (found) return { ticketId: found.ticketId, status: found.status, slaDueAt: found.slaDueAt };
    const now = this.now();
    const ticket: Ticket = {
      ...input,
      ticketId: `T${String(++this.#seq).padStart(6, '0')}`,
      status: 'open',
      createdAt: now.toISOString(),
      slaDueAt: new Date(now.getTime() + 3 * 86_400_000).toISOString(),
    };
    this.tickets.set(ticket.ticketId, ticket);
    this.keys.set(key, ticket.ticketId);
    return { ticketId: ticket.ticketId, status: ticket.status, slaDueAt: ticket.slaDueAt };
  }
  async getTicket(id: string) {
    this.#check();
    return this.tickets.get(id) ?? null;
  }
  async listTickets(q: TicketQuery) {
    this.#check();
    return [...this.tickets.values()].filter(
      (t) => (!q.buyerId || t.buyerId === q.buyerId) && (!q.orderNo || t.orderNo === q.orderNo),
    );
  }
  async decide(id: string, d: DecisionInput) {
    const t = this.tickets.get(id);
    if (!t) throw new PlatformError(404, 'not_found', 'no ticket');
    const at = this.now().toISOString();
    const status = d.decision === 'approve' ? 'approved' : d.decision === 'reject' ? 'rejected' : 'awaiting_evidence';
    const next: Ticket = { ...t, status, decision: { ...d, at }, decidedAt: at };
    this.tickets.set(id, next);
    return next;
  }
  async appeal(id: string, appeal: AppealInput) {
    this.#check();
    const t = this.tickets.get(id);
    if (t?.status !== 'rejected') throw new PlatformError(409, 'not_rejected', 'only rejected tickets');
    const next: Ticket = { ...t, status: 'appealed', appeal: { ...appeal, at: this.now().toISOString() } };
    this.tickets.set(id, next);
    return next;
  }
  async addEvidence(ticketId: string, input: EvidenceAddInput) {
    this.added.push({ ticketId, items: input.evidence });
    const t = this.tickets.get(ticketId);
    if (!t) throw new PlatformError(404, 'not_found', 'no ticket');
    const next: Ticket = { ...t, status: 'open', evidence: [...t.evidence, ...input.evidence] };
    this.tickets.set(ticketId, next);
    return next;
  }
  /** Test helper: a ticket in any status (like POST /v1/sandbox/tickets). */
  seedTicket(order: Order, scenario: ScenarioId, status: Ticket['status'], decidedAt?: string): Ticket {
    const created = this.now().toISOString();
    const ticket: Ticket = {
      ticketId: `T${String(++this.#seq).padStart(6, '0')}`,
      orderNo: order.orderNo,
      buyerId: order.buyerId,
      channel: 'rest',
      scenario,
      assessment: { result: 'needs_review', clauseIds: ['RP-05'], reasons: [] },
      claims: [],
      evidence: [],
      transcript: { conversationId: 'seed', headHash: '0'.repeat(64) },
      status,
      createdAt: decidedAt ?? created,
      slaDueAt: created,
      ...(decidedAt
        ? {
            decidedAt,
            decision: {
              decision: status === 'rejected' ? 'reject' : 'approve',
              reason: 'seeded',
              clauseIds: [],
              agentId: 'a1',
              at: decidedAt,
            },
          }
        : {}),
    } as Ticket;
    this.tickets.set(ticket.ticketId, ticket);
    return ticket;
  }
}

const RULES: Array<[ScenarioId, RegExp]> = [
  ['human_handoff', /人工|真人|human|real person/i],
  ['appeal', /申诉|驳回|appeal|rejected/i],
  ['refund_status', /进度|退款.*(没收到|还没到)|where is my refund|refund status/i],
  ['duplicate_charge', /扣了两|重复扣|两笔|charged twice|double charge/i],
  ['supplier_refused', /卖家.*(拒|不退)|商家.*(拒|不退)|seller refused/i],
  ['wrong_item', /发错|错发|wrong (item|region)/i],
  ['not_as_described', /不符|描述|not as described/i],
  ['used_goods', /已经用了|用过了|充进去了|already used/i],
  ['no_reason', /不想要|用不上|不需要了|don't need|no longer need/i],
  ['defective', /无效|用不了|激活不了|错误|invalid|doesn't work|won't activate/i],
  ['not_delivered', /没到|没收到|没发货|未到账|not (received|arrived)|hasn't arrived|never arrived/i],
  ['policy_question', /规则|政策|可以退吗\?|支持.*退|policy|rules|can i get a refund for/i],
  ['out_of_scope', /多少钱|价格|打折|price|discount/i],
];

export class FakeUnderstander implements Understander {
  async parse(text: string): Promise<Parse> {
    const ranking = RULES.filter(([, re]) => re.test(text)).map(([name], i) => ({ name, confidence: 0.9 - i * 0.1 }));
    if (ranking.length === 0) ranking.push({ name: 'out_of_scope', confidence: 0.1 });
    const m = /KM[\s-]*(\d{8})[\s-]*(\d{6})/i.exec(text);
    return {
      text,
      lang: /\p{Script=Han}/u.test(text) ? 'zh' : 'en',
      scenario: ranking[0] ?? { name: 'out_of_scope', confidence: 0.1 },
      ranking,
      entities: m
        ? [{ entity: 'order_no', value: `KM${m[1]}${m[2]}`, start: m.index, end: m.index + m[0].length }]
        : [],
    };
  }
}

export class FakeRetriever implements Retriever {
  constructor(private readonly ids: readonly string[]) {}
  #clause(id: string, lang: Lang): Clause {
    return {
      id,
      title: `title ${id}`,
      text: `Text of ${id} in ${lang}.`,
      document: 'refund-rules',
      lang,
      version: '1',
    };
  }
  async search(query: string, options: { k?: number; lang?: Lang } = {}): Promise<RetrievedClause[]> {
    const lang = options.lang ?? 'zh';
    if (/无理由|七天|7 ?day|no.reason/i.test(query)) {
      return [
        { ...this.#clause('RP-08', lang), score: 0.9 },
        { ...this.#clause('LAW-CPL-25', lang), score: 0.8 },
      ];
    }
    if (/多久|到账|how long/i.test(query)) return [{ ...this.#clause('RP-14', lang), score: 0.7 }];
    return [];
  }
  async clause(id: ClauseId, lang: Lang) {
    return this.ids.includes(id) ? this.#clause(id, lang) : null;
  }
}

export class FakeRecorder implements Recorder {
  entries = new Map<string, TranscriptEntry[]>();
  async record(conversationId: string, input: RecordInput): Promise<TranscriptEntry> {
    const list = this.entries.get(conversationId) ?? [];
    const prevHash = list.at(-1)?.hash ?? '0'.repeat(64);
    const base = {
      conversationId,
      seq: list.length + 1,
      at: new Date().toISOString(),
      attachments: [],
      ...input,
      prevHash,
    };
    const entry: TranscriptEntry = { ...base, hash: sha(prevHash + JSON.stringify(base)) };
    list.push(entry);
    this.entries.set(conversationId, list);
    return entry;
  }
  async head(conversationId: string) {
    const last = this.entries.get(conversationId)?.at(-1);
    return last ? { seq: last.seq, hash: last.hash } : null;
  }
  events(conversationId: string, name?: string) {
    return (this.entries.get(conversationId) ?? [])
      .filter((e) => e.type === 'event')
      .map((e) => e.payload as Record<string, unknown>)
      .filter((p) => !name || p.event === name);
  }
}

export class FakeEvidence implements EvidenceIntake {
  blobs = new Map<string, Uint8Array>();
  async accept(_conversationId: string, upload: InboundAttachment): Promise<UploadResult> {
    const b = upload.bytes;
    if (b.length === 0) return { ok: false, reason: 'empty', message: 'the file is empty', bytes: 0 };
    const mime =
      b[0] === 0x89 && b[1] === 0x50 ? 'image/png' : b[0] === 0x25 && b[1] === 0x50 ? 'application/pdf' : null;
    if (!mime) return { ok: false, reason: 'type_not_allowed', message: 'only images and PDF', bytes: b.length };
    const sha256 = sha(b);
    this.blobs.set(sha256, b);
    return { ok: true, attachment: { sha256, mime, bytes: b.length, name: upload.name ?? 'upload' } };
  }
  async read(sha256: string) {
    return this.blobs.get(sha256) ?? null;
  }
}

export class MemoryConversations implements ConversationStore {
  rows = new Map<string, ConversationRecord>();
  async get(id: string) {
    return this.rows.get(id) ?? null;
  }
  async getOrCreate(init: NewConversation) {
    const found = this.rows.get(init.id);
    if (found) return found;
    const at = new Date().toISOString();
    const row: ConversationRecord = { ...init, handoff: false, version: 1, createdAt: at, updatedAt: at };
    this.rows.set(init.id, row);
    return row;
  }
  async save(record: ConversationRecord) {
    const current = this.rows.get(record.id);
    if (current && current.version !== record.version) throw new VersionConflictError(record.id);
    const next = { ...record, version: record.version + 1, updatedAt: new Date().toISOString() };
    this.rows.set(record.id, next);
    return next;
  }
  async listByBuyer(buyerId: string) {
    return [...this.rows.values()].filter((r) => r.buyerId === buyerId);
  }
  async listHandoff() {
    return [...this.rows.values()].filter((r) => r.handoff);
  }
}

export class MemoryTickets implements TicketStore {
  rows = new Map<string, BotTicket>();
  async upsert(t: BotTicket) {
    this.rows.set(t.ticketId, t);
  }
  async get(id: string) {
    return this.rows.get(id) ?? null;
  }
  async list(_f?: TicketFilter) {
    const items = [...this.rows.values()];
    return { items, total: items.length };
  }
}

export class MemoryOutbox implements Outbox {
  items: OutboxItem[] = [];
  async enqueue(item: { kind: string; payload: OutboxItem['payload']; idempotencyKey: string }) {
    const found = this.items.find((i) => i.idempotencyKey === item.idempotencyKey);
    if (found) return found;
    const row: OutboxItem = {
      id: this.items.length + 1,
      ...item,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: new Date(0).toISOString(),
      lastError: null,
      result: null,
      createdAt: new Date().toISOString(),
    };
    this.items.push(row);
    return row;
  }
  async get(id: number) {
    return this.items.find((i) => i.id === id) ?? null;
  }
  async due(now: Date) {
    return this.items.filter((i) => i.status === 'pending' && Date.parse(i.nextAttemptAt) <= now.getTime());
  }
  async complete(id: number, result: OutboxItem['result']) {
    Object.assign(this.items.find((i) => i.id === id) ?? {}, { status: 'done', result });
  }
  async retryLater(id: number, at: Date, error: string) {
    const i = this.items.find((x) => x.id === id);
    if (i) Object.assign(i, { attempts: i.attempts + 1, nextAttemptAt: at.toISOString(), lastError: error });
  }
  async fail(id: number, error: string) {
    Object.assign(this.items.find((i) => i.id === id) ?? {}, { status: 'dead', lastError: error });
  }
}
