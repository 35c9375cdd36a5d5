/**
 * The card platform's API (SPEC §7) as the core sees it. Implementations: the in-process sandbox
 * and the HTTP client, both in adapters/platform. Expected outcomes (unknown order, not the owner)
 * are data; PlatformError is for what went wrong on the way.
 */
import { z } from 'zod';
import { Assessment, Channel, EvidenceKind, ScenarioId, TicketStatus } from '../core/domain.js';

const Timestamp = z.string().datetime({ offset: true });

export const ProductKind = z.enum(['game_card', 'membership', 'software_license', 'virtual_currency', 'other']);
export type ProductKind = z.infer<typeof ProductKind>;
export const PaymentChannel = z.enum(['wechat', 'alipay', 'bank_card', 'balance']);
export type PaymentChannel = z.infer<typeof PaymentChannel>;
export const OrderStatus = z.enum(['pending_payment', 'paid', 'delivering', 'delivered', 'refunded', 'closed']);
export type OrderStatus = z.infer<typeof OrderStatus>;

export const Product = z.object({
  sku: z.string().min(1).max(100),
  name: z.string().min(1).max(200),
  kind: ProductKind,
  deliveryMode: z.enum(['auto', 'manual']),
  promiseHours: z
    .number()
    .nonnegative()
    .max(24 * 365),
  noReasonDays: z.number().int().nonnegative().max(365),
});
export type Product = z.infer<typeof Product>;

export const Charge = z.object({
  txnId: z.string().min(1).max(100),
  amount: z.number().nonnegative(),
  at: Timestamp,
});
export type Charge = z.infer<typeof Charge>;

export const Order = z.object({
  orderNo: z.string().min(1).max(64),
  buyerId: z.string().min(1).max(128),
  contact: z.string().min(1).max(200),
  product: Product,
  amount: z.number().nonnegative(),
  currency: z.string().length(3),
  paymentChannel: PaymentChannel,
  status: OrderStatus,
  paidAt: Timestamp.nullable(),
  deliveredAt: Timestamp.nullable().optional(),
  activatedAt: Timestamp.nullable().optional(),
  charges: z.array(Charge),
  supplierId: z.string().min(1).max(128),
});
export type Order = z.infer<typeof Order>;

export const VerifyResult = z.object({ ok: z.boolean(), buyerId: z.string().optional() });
export type VerifyResult = z.infer<typeof VerifyResult>;

export const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'a lower-case hex SHA-256');

export const EvidenceItem = z.object({
  kind: EvidenceKind,
  sha256: Sha256Hex,
  mime: z.string().min(1).max(100),
  bytes: z.number().int().nonnegative(),
  text: z.string().max(5000).optional(),
});
export type EvidenceItem = z.infer<typeof EvidenceItem>;

export const TicketCreate = z.object({
  orderNo: z.string().min(1).max(64),
  buyerId: z.string().min(1).max(128),
  channel: Channel,
  scenario: ScenarioId,
  assessment: Assessment,
  /** What the buyer states, in their words or summarised, one statement each. */
  claims: z.array(z.string().max(2000)).max(50),
  evidence: z.array(EvidenceItem).max(50),
  transcript: z.object({
    conversationId: z.string().min(1).max(200),
    headHash: Sha256Hex,
  }),
});
export type TicketCreate = z.infer<typeof TicketCreate>;

export const DecisionKind = z.enum(['approve', 'reject', 'request_evidence']);
export type DecisionKind = z.infer<typeof DecisionKind>;

export const DecisionInput = z.object({
  decision: DecisionKind,
  amount: z.number().nonnegative().optional(),
  reason: z.string().min(1).max(2000),
  clauseIds: z.array(z.string().max(40)).max(20),
  agentId: z.string().min(1).max(128),
});
export type DecisionInput = z.infer<typeof DecisionInput>;

export const Decision = DecisionInput.extend({ at: Timestamp });
export type Decision = z.infer<typeof Decision>;

export const AppealInput = z.object({
  reason: z.string().min(1).max(5000),
  evidence: z.array(EvidenceItem).max(50),
});
export type AppealInput = z.infer<typeof AppealInput>;

/** Evidence the buyer sent after the ticket was opened (e.g. when an agent asked for more). */
export const EvidenceAddInput = z.object({
  evidence: z.array(EvidenceItem).min(1).max(50),
  note: z.string().min(1).max(2000).optional(),
});
export type EvidenceAddInput = z.infer<typeof EvidenceAddInput>;

export const Ticket = TicketCreate.extend({
  ticketId: z.string().min(1).max(64),
  status: TicketStatus,
  createdAt: Timestamp,
  slaDueAt: Timestamp,
  decision: Decision.optional(),
  decidedAt: Timestamp.optional(),
  appeal: AppealInput.extend({ at: Timestamp }).optional(),
});
export type Ticket = z.infer<typeof Ticket>;

export const TicketCreated = z.object({
  ticketId: z.string().min(1).max(64),
  status: TicketStatus,
  slaDueAt: Timestamp,
});
export type TicketCreated = z.infer<typeof TicketCreated>;

/** `id` names the event (the same across the platform's retries of one delivery); the receiver accepts it once. */
export const TicketUpdatedEvent = z.object({
  event: z.literal('ticket.updated'),
  id: z.string().min(1).max(200),
  ticket: Ticket,
});
export type TicketUpdatedEvent = z.infer<typeof TicketUpdatedEvent>;

export interface TicketQuery {
  buyerId?: string;
  orderNo?: string;
}

export interface Platform {
  /** null when the platform has no such order. */
  getOrder(orderNo: string): Promise<Order | null>;
  /** Ownership check for a buyer who is not signed in: order number + checkout contact. */
  verifyOwnership(orderNo: string, contact: string): Promise<VerifyResult>;
  /** Idempotent: the same key, or an open ticket for the same order and scenario, returns that ticket. */
  createTicket(input: TicketCreate, idempotencyKey: string): Promise<TicketCreated>;
  getTicket(ticketId: string): Promise<Ticket | null>;
  listTickets(query: TicketQuery): Promise<Ticket[]>;
  /**
   * Writes carry an idempotency key (one is made per call when none is given, and kept across that
   * call's retries): the same key with the same body answers what the first request answered.
   */
  decide(ticketId: string, decision: DecisionInput, idempotencyKey?: string): Promise<Ticket>;
  appeal(ticketId: string, appeal: AppealInput, idempotencyKey?: string): Promise<Ticket>;
  /** Attaches new evidence to an open or awaiting_evidence ticket; the ticket goes back to `open`. */
  addEvidence(ticketId: string, input: EvidenceAddInput, idempotencyKey?: string): Promise<Ticket>;
}

/** Something went wrong talking to the platform. `retryable` tells the outbox whether to try again. */
export class PlatformError extends Error {
  override readonly name = 'PlatformError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryable = status >= 500 || status === 0,
  ) {
    super(message);
  }
}
