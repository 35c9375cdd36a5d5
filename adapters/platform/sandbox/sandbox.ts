/**
 * The sandbox card platform: orders, ownership checks, tickets, decisions, appeals (SPEC §7).
 * Synchronous over better-sqlite3; `inProcessPlatform` and the HTTP module put the Platform port on it.
 * Refusals are PlatformErrors whose status and code the HTTP module sends as they are.
 */
import { createHash, randomInt } from 'node:crypto';
import type { ScenarioId, TicketStatus } from '../../../src/core/domain.js';
import {
  type AppealInput,
  type DecisionInput,
  type EvidenceAddInput,
  Order,
  PlatformError,
  Ticket,
  type TicketCreate,
  type TicketCreated,
  type TicketQuery,
  type VerifyResult,
} from '../../../src/ports/platform.js';
import type { SandboxDb } from './database.js';
import { newOrderNo, slaDueAt, withinAppealWindow } from './rules.js';
import type { SandboxOrderInput, SandboxTicketInput } from './schemas.js';

/** A ticket counts as open while someone still has to act on it: one per order and scenario. */
export const OPEN_STATUSES: readonly TicketStatus[] = ['open', 'awaiting_evidence', 'appealed'];
const DECIDABLE: readonly TicketStatus[] = ['open', 'awaiting_evidence', 'appealed'];
const ACCEPTS_EVIDENCE: readonly TicketStatus[] = ['open', 'awaiting_evidence'];

export interface CreateTicketOutcome {
  /** 201 for a new ticket, 200 when an open ticket for the same order and scenario is returned. */
  status: 200 | 201;
  body: TicketCreated;
}

export interface SandboxOptions {
  db: SandboxDb;
  now?: () => Date;
  /** Called after every ticket change (the webhook sender). */
  onTicketUpdated?: (ticket: Ticket) => void;
}

export class SandboxPlatform {
  readonly #db: SandboxDb;
  readonly #now: () => Date;
  readonly #onTicketUpdated: (ticket: Ticket) => void;

  constructor(options: SandboxOptions) {
    this.#db = options.db;
    this.#now = options.now ?? (() => new Date());
    this.#onTicketUpdated = options.onTicketUpdated ?? (() => {});
  }

  /** Buyers type order numbers in any case, with spaces or dashes: `km-20261118 000101` finds KM20261118000101. */
  getOrder(orderNo: string): Order | null {
    const find = this.#db.prepare('SELECT data FROM orders WHERE order_no = ?');
    const row = (find.get(orderNo) ?? find.get(orderNo.replace(/[\s-]+/g, '').toUpperCase())) as
      | { data: string }
      | undefined;
    return row ? Order.parse(JSON.parse(row.data)) : null;
  }

  /** Unknown order and wrong contact answer alike, so order numbers cannot be probed. */
  verifyOwnership(orderNo: string, contact: string): VerifyResult {
    const order = this.getOrder(orderNo);
    if (!order || normaliseContact(order.contact) !== normaliseContact(contact)) return { ok: false };
    return { ok: true, buyerId: order.buyerId };
  }

  createTicket(input: TicketCreate, idempotencyKey: string): CreateTicketOutcome {
    return this.#db.transaction((): CreateTicketOutcome => {
      const bodyHash = sha256(stableJson(input));
      const replay = this.#db
        .prepare('SELECT body_hash, status, response FROM idempotency WHERE key = ?')
        .get(idempotencyKey) as { body_hash: string; status: 200 | 201; response: string } | undefined;
      if (replay) {
        if (replay.body_hash !== bodyHash) {
          throw new PlatformError(409, 'idempotency_key_reused', 'this Idempotency-Key was used with a different body');
        }
        return { status: replay.status, body: JSON.parse(replay.response) as TicketCreated };
      }
      const outcome = this.#openTicket(input);
      this.#db
        .prepare('INSERT INTO idempotency (key, body_hash, status, response, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(idempotencyKey, bodyHash, outcome.status, JSON.stringify(outcome.body), this.#now().toISOString());
      return outcome;
    })();
  }

  getTicket(ticketId: string): Ticket | null {
    const row = this.#db.prepare('SELECT data FROM tickets WHERE ticket_id = ?').get(ticketId) as
      | { data: string }
      | undefined;
    return row ? Ticket.parse(JSON.parse(row.data)) : null;
  }

  listTickets(query: TicketQuery): Ticket[] {
    const rows = this.#db
      .prepare(
        `SELECT data FROM tickets
         WHERE (@buyerId IS NULL OR buyer_id = @buyerId) AND (@orderNo IS NULL OR order_no = @orderNo)
         ORDER BY created_at, ticket_id`,
      )
      .all({ buyerId: query.buyerId ?? null, orderNo: query.orderNo ?? null }) as { data: string }[];
    return rows.map((r) => Ticket.parse(JSON.parse(r.data)));
  }

  decide(ticketId: string, input: DecisionInput, idempotencyKey?: string): Ticket {
    return this.#once(`decision:${ticketId}`, idempotencyKey, input, () => this.#decide(ticketId, input));
  }

  appeal(ticketId: string, input: AppealInput, idempotencyKey?: string): Ticket {
    return this.#once(`appeal:${ticketId}`, idempotencyKey, input, () => this.#appeal(ticketId, input));
  }

  addEvidence(ticketId: string, input: EvidenceAddInput, idempotencyKey?: string): Ticket {
    return this.#once(`evidence:${ticketId}`, idempotencyKey, input, () => this.#addEvidence(ticketId, input));
  }

  #decide(ticketId: string, input: DecisionInput): Ticket {
    return this.#update(ticketId, (ticket) => {
      if (!DECIDABLE.includes(ticket.status)) {
        throw new PlatformError(409, 'ticket_already_decided', `ticket ${ticketId} is ${ticket.status}`);
      }
      const at = this.#now().toISOString();
      if (input.decision === 'request_evidence') {
        return { ...ticket, status: 'awaiting_evidence', decision: { ...input, at } };
      }
      const amount = input.decision === 'approve' ? (input.amount ?? this.getOrder(ticket.orderNo)?.amount) : undefined;
      return {
        ...ticket,
        status: input.decision === 'approve' ? 'approved' : 'rejected',
        decision: { ...input, ...(amount === undefined ? {} : { amount }), at },
        decidedAt: at,
      };
    });
  }

  #appeal(ticketId: string, input: AppealInput): Ticket {
    return this.#update(ticketId, (ticket) => {
      if (ticket.appeal) throw new PlatformError(409, 'already_appealed', `ticket ${ticketId} was already appealed`);
      if (ticket.status !== 'rejected' || !ticket.decidedAt) {
        throw new PlatformError(
          409,
          'ticket_not_rejected',
          `only a rejected ticket can be appealed; this one is ${ticket.status}`,
        );
      }
      const now = this.#now();
      if (!withinAppealWindow(ticket.decidedAt, now)) {
        throw new PlatformError(
          409,
          'appeal_window_closed',
          `the 7-day appeal window closed (rejected at ${ticket.decidedAt})`,
        );
      }
      return { ...ticket, status: 'appealed', appeal: { ...input, at: now.toISOString() } };
    });
  }

  #addEvidence(ticketId: string, input: EvidenceAddInput): Ticket {
    return this.#update(ticketId, (ticket) => {
      if (!ACCEPTS_EVIDENCE.includes(ticket.status)) {
        throw new PlatformError(409, 'ticket_not_accepting_evidence', `ticket ${ticketId} is ${ticket.status}`);
      }
      return {
        ...ticket,
        status: 'open',
        evidence: [...ticket.evidence, ...input.evidence].slice(-50),
        claims: input.note ? [...ticket.claims, input.note].slice(-50) : ticket.claims,
      };
    });
  }

  /** Sandbox only: an order from any fields, defaults for the rest. */
  createOrder(input: SandboxOrderInput): Order {
    const now = this.#now();
    const paidAt = input.paidAt === undefined ? now.toISOString() : input.paidAt;
    const amount = input.amount ?? 30;
    const buyerId = input.buyerId ?? 'sandbox-buyer';
    const order = Order.parse({
      orderNo: input.orderNo ?? this.#unusedOrderNo(now),
      buyerId,
      contact: input.contact ?? `${buyerId}@example.com`,
      product: {
        sku: 'GC-STEAM-30',
        name: 'Steam 钱包充值卡 30 元',
        kind: 'game_card',
        deliveryMode: 'auto',
        promiseHours: 1,
        noReasonDays: 0,
        ...input.product,
      },
      amount,
      currency: input.currency ?? 'CNY',
      paymentChannel: input.paymentChannel ?? 'alipay',
      status: input.status ?? 'delivered',
      paidAt,
      deliveredAt: input.deliveredAt ?? (input.status === undefined || input.status === 'delivered' ? paidAt : null),
      activatedAt: input.activatedAt ?? null,
      charges:
        input.charges ??
        (paidAt ? [{ txnId: `TXN${sha256(`${paidAt}${amount}${buyerId}`).slice(0, 16)}`, amount, at: paidAt }] : []),
      supplierId: input.supplierId ?? 'supplier-001',
    });
    this.#db
      .prepare('INSERT INTO orders (order_no, buyer_id, data) VALUES (?, ?, ?)')
      .run(order.orderNo, order.buyerId, JSON.stringify(order));
    return order;
  }

  /** Sandbox only: a ticket in any status (no one-open-ticket check, no webhook). */
  createTicketAs(input: SandboxTicketInput): Ticket {
    const order = this.#requireOrder(input.orderNo);
    const createdAt = input.createdAt ?? this.#now().toISOString();
    const decidedAt =
      input.decidedAt ?? (['approved', 'rejected', 'refunded'].includes(input.status) ? createdAt : undefined);
    const decision =
      input.decision ??
      (decidedAt && input.status !== 'open'
        ? {
            decision:
              input.status === 'rejected' || input.status === 'appealed' ? ('reject' as const) : ('approve' as const),
            ...(input.status === 'rejected' || input.status === 'appealed' ? {} : { amount: order.amount }),
            reason: 'sandbox decision',
            clauseIds: [],
            agentId: 'sandbox-agent',
            at: decidedAt,
          }
        : undefined);
    const ticket = Ticket.parse({
      orderNo: order.orderNo,
      buyerId: input.buyerId ?? order.buyerId,
      channel: input.channel ?? 'webchat',
      scenario: input.scenario,
      assessment: input.assessment ?? {
        result: 'needs_review',
        clauseIds: ['RP-11'],
        reasons: ['created in the sandbox'],
      },
      claims: input.claims ?? [],
      evidence: input.evidence ?? [],
      transcript: { conversationId: 'sandbox', headHash: sha256('sandbox') },
      ticketId: this.#unusedTicketId(new Date(createdAt)),
      status: input.status,
      createdAt,
      slaDueAt: slaDueAt(new Date(createdAt)).toISOString(),
      ...(decision ? { decision } : {}),
      ...(decidedAt ? { decidedAt } : {}),
    });
    this.#insertTicket(ticket);
    return ticket;
  }

  /** Sandbox bookkeeping (e.g. "seeded"), kept in the sandbox database. */
  meta(key: string): string | null {
    const row = this.#db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value ?? null;
  }

  setMeta(key: string, value: string): void {
    this.#db
      .prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
      .run(key, value);
  }

  transaction<T>(fn: () => T): T {
    return this.#db.transaction(fn)();
  }

  /**
   * Runs a write once per key: a repeat with the same body answers the first answer again (a client
   * retrying after a lost response), the same key with another body is refused.
   */
  #idempotent<T>(key: string, input: unknown, run: () => T): T {
    return this.#db.transaction((): T => {
      const bodyHash = sha256(stableJson(input));
      const replay = this.#db.prepare('SELECT body_hash, response FROM idempotency WHERE key = ?').get(key) as
        | { body_hash: string; response: string }
        | undefined;
      if (replay) {
        if (replay.body_hash !== bodyHash) {
          throw new PlatformError(409, 'idempotency_key_reused', 'this Idempotency-Key was used with a different body');
        }
        return JSON.parse(replay.response) as T;
      }
      const outcome = run();
      this.#db
        .prepare('INSERT INTO idempotency (key, body_hash, status, response, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(key, bodyHash, 200, JSON.stringify(outcome), this.#now().toISOString());
      return outcome;
    })();
  }

  /** Ticket writes: idempotent when the caller sent a key (scoped to the action and ticket). */
  #once<T>(scope: string, key: string | undefined, input: unknown, run: () => T): T {
    return key === undefined ? run() : this.#idempotent(`${scope}:${key}`, input, run);
  }

  #openTicket(input: TicketCreate): CreateTicketOutcome {
    const order = this.#requireOrder(input.orderNo);
    if (order.buyerId !== input.buyerId) {
      throw new PlatformError(
        403,
        'not_order_owner',
        `order ${input.orderNo} does not belong to buyer ${input.buyerId}`,
      );
    }
    const existing = this.#openTicketFor(input.orderNo, input.scenario);
    if (existing) {
      return {
        status: 200,
        body: { ticketId: existing.ticketId, status: existing.status, slaDueAt: existing.slaDueAt },
      };
    }
    const now = this.#now();
    const ticket: Ticket = {
      ...input,
      ticketId: this.#unusedTicketId(now),
      status: 'open',
      createdAt: now.toISOString(),
      slaDueAt: slaDueAt(now).toISOString(),
    };
    this.#insertTicket(ticket);
    this.#onTicketUpdated(ticket);
    return { status: 201, body: { ticketId: ticket.ticketId, status: ticket.status, slaDueAt: ticket.slaDueAt } };
  }

  #openTicketFor(orderNo: string, scenario: ScenarioId): Ticket | null {
    const placeholders = OPEN_STATUSES.map(() => '?').join(', ');
    const row = this.#db
      .prepare(`SELECT data FROM tickets WHERE order_no = ? AND scenario = ? AND status IN (${placeholders}) LIMIT 1`)
      .get(orderNo, scenario, ...OPEN_STATUSES) as { data: string } | undefined;
    return row ? Ticket.parse(JSON.parse(row.data)) : null;
  }

  #update(ticketId: string, change: (ticket: Ticket) => Ticket): Ticket {
    const updated = this.#db.transaction(() => {
      const ticket = this.getTicket(ticketId);
      if (!ticket) throw new PlatformError(404, 'ticket_not_found', `no ticket ${ticketId}`);
      const next = Ticket.parse(change(ticket));
      this.#db
        .prepare('UPDATE tickets SET status = ?, data = ? WHERE ticket_id = ?')
        .run(next.status, JSON.stringify(next), ticketId);
      return next;
    })();
    this.#onTicketUpdated(updated);
    return updated;
  }

  #insertTicket(ticket: Ticket): void {
    this.#db
      .prepare(
        'INSERT INTO tickets (ticket_id, order_no, buyer_id, scenario, status, created_at, data) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        ticket.ticketId,
        ticket.orderNo,
        ticket.buyerId,
        ticket.scenario,
        ticket.status,
        ticket.createdAt,
        JSON.stringify(ticket),
      );
  }

  #requireOrder(orderNo: string): Order {
    const order = this.getOrder(orderNo);
    if (!order) throw new PlatformError(404, 'order_not_found', `no order ${orderNo}`);
    return order;
  }

  #unusedOrderNo(now: Date): string {
    for (;;) {
      const orderNo = newOrderNo(now);
      if (!this.getOrder(orderNo)) return orderNo;
    }
  }

  #unusedTicketId(now: Date): string {
    for (;;) {
      const ticketId = `TK${newOrderNo(now).slice(2, 10)}${String(randomInt(0, 1_000_000)).padStart(6, '0')}`;
      if (!this.getTicket(ticketId)) return ticketId;
    }
  }
}

function normaliseContact(contact: string): string {
  const trimmed = contact.trim().toLowerCase();
  return trimmed.includes('@') ? trimmed : trimmed.replace(/[\s()+-]/g, '');
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** JSON with sorted keys, so the same body always hashes the same. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
