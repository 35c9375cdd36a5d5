/** The dialog state persisted per conversation (ConversationRecord.state), validated on load. */
import { z } from 'zod';
import { Assessment, ClauseId, EvidenceKind, Lang, ScenarioId, Slot } from '../core/domain.js';
import type { JsonValue } from '../core/json.js';
import { Order } from '../ports/platform.js';

export const STEPS = [
  'scenario',
  'order_no',
  'contact',
  'clarify',
  'evidence',
  'insist',
  'confirm',
  'appeal_reason',
  'appeal_confirm',
  'locked',
  'requested_evidence',
] as const;
export const Step = z.enum(STEPS);
export type Step = z.infer<typeof Step>;

/** What the last reply asked for, so the next message can be read as its answer. */
export const Asked = z.object({
  step: Step,
  slot: Slot,
  evidenceKind: EvidenceKind.optional(),
  payloads: z.array(z.string()),
});
export type Asked = z.infer<typeof Asked>;

export const EvidenceRef = z.object({
  kind: EvidenceKind,
  sha256: z.string(),
  mime: z.string(),
  bytes: z.number().int().nonnegative(),
  name: z.string(),
  /** What was read from it (a payment receipt's fields and match), for the agent. */
  text: z.string().max(5000).optional(),
});
export type EvidenceRef = z.infer<typeof EvidenceRef>;

export const Assessed = Assessment.extend({ reason: z.string(), vars: z.record(z.string(), z.string()) });
export type Assessed = z.infer<typeof Assessed>;

export const CaseState = z.object({
  /** The scenario the dialog works on (after order facts). */
  scenario: ScenarioId.nullable(),
  /** The scenario the buyer's words suggested. */
  stated: ScenarioId.nullable(),
  orderNo: z.string().nullable(),
  orderAttempts: z.number().int().nonnegative(),
  /** Buyer proven to own the order (bound buyer or contact check); null until then. */
  owner: z.string().nullable(),
  contactAttempts: z.number().int().nonnegative(),
  /** The order as last fetched once proven the buyer's: used when the platform is briefly unreachable. */
  order: Order.nullable().default(null),
  clarified: z.boolean(),
  evidence: z.array(EvidenceRef),
  declined: z.array(EvidenceKind),
  claims: z.array(z.string()),
  assessed: Assessed.nullable(),
  told: z.boolean(),
  insisted: z.boolean(),
  confirmed: z.boolean(),
  appeal: z
    .object({
      ticketId: z.string(),
      ticketScenario: ScenarioId,
      decidedAt: z.string(),
      reason: z.string().nullable(),
    })
    .nullable(),
});
export type CaseState = z.infer<typeof CaseState>;

export const StoredReply = z.object({
  text: z.string(),
  lang: Lang,
  expecting: z
    .object({
      slot: Slot,
      evidenceKind: EvidenceKind.optional(),
      options: z.array(z.object({ title: z.string(), payload: z.string() })).optional(),
    })
    .optional(),
  citations: z.array(ClauseId).optional(),
});

export const DialogState = z.object({
  v: z.literal(1),
  asked: Asked.nullable(),
  case: CaseState.nullable(),
  /** Orders this conversation failed to prove three times: never discussed again here. */
  lockedOrders: z.array(z.string()),
  /** Replies to the last messages by channel message id, to answer redeliveries identically. */
  recent: z.array(z.object({ messageId: z.string(), replies: z.array(StoredReply) })),
  /** An agent asked for more evidence on this ticket. */
  requested: z.object({ ticketId: z.string(), kind: EvidenceKind }).nullable(),
  tickets: z.array(z.object({ ticketId: z.string(), orderNo: z.string(), scenario: ScenarioId })),
  /** Ticket updates already told to the buyer (webhooks may be delivered more than once). */
  notified: z.array(z.string()).default([]),
});
export type DialogState = z.infer<typeof DialogState>;

export const RECENT_LIMIT = 20;

export function freshState(): DialogState {
  return { v: 1, asked: null, case: null, lockedOrders: [], recent: [], requested: null, tickets: [], notified: [] };
}

export function newCase(scenario: ScenarioId | null): CaseState {
  return {
    scenario,
    stated: scenario,
    orderNo: null,
    orderAttempts: 0,
    owner: null,
    contactAttempts: 0,
    order: null,
    clarified: false,
    evidence: [],
    declined: [],
    claims: [],
    assessed: null,
    told: false,
    insisted: false,
    confirmed: false,
    appeal: null,
  };
}

/** Reads stored state; anything unreadable (older shape, hand-edited) starts fresh rather than crashing. */
export function readState(value: JsonValue): DialogState {
  const parsed = DialogState.safeParse(value);
  return parsed.success ? parsed.data : freshState();
}

export function toJson(state: DialogState): JsonValue {
  return JSON.parse(JSON.stringify(state)) as JsonValue;
}
