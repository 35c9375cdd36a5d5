/** Stable ids of SPEC §3, §4, §5, §6, §12. They never change meaning. */
import { z } from 'zod';

export const SCENARIO_IDS = [
  'not_delivered',
  'duplicate_charge',
  'defective',
  'wrong_item',
  'not_as_described',
  'no_reason',
  'used_goods',
  'supplier_refused',
  'appeal',
  'refund_status',
  'policy_question',
  'human_handoff',
  'out_of_scope',
] as const;
export const ScenarioId = z.enum(SCENARIO_IDS);
export type ScenarioId = z.infer<typeof ScenarioId>;

export const EVIDENCE_KINDS = [
  'order_no',
  'payment_proof',
  'error_screenshot',
  'listing_screenshot',
  'supplier_chat',
  'other',
] as const;
export const EvidenceKind = z.enum(EVIDENCE_KINDS);
export type EvidenceKind = z.infer<typeof EvidenceKind>;

/** Clause ids the knowledge base must cover (SPEC §5). More may exist. */
export const REQUIRED_CLAUSE_IDS = [
  ...Array.from({ length: 18 }, (_, i) => `RP-${String(i + 1).padStart(2, '0')}`),
  'LAW-CPL-25',
  'LAW-7D',
  'LAW-ECL',
] as const;
export const CLAUSE_ID_PATTERN = /^(RP-\d{2}|LAW-[A-Z0-9]+(?:-[A-Z0-9]+)*)$/;
export const ClauseId = z.string().regex(CLAUSE_ID_PATTERN, 'a clause id like RP-03 or LAW-CPL-25');
export type ClauseId = z.infer<typeof ClauseId>;

export const ASSESSMENT_RESULTS = ['eligible', 'needs_review', 'not_eligible', 'too_early'] as const;
export const AssessmentResult = z.enum(ASSESSMENT_RESULTS);
export type AssessmentResult = z.infer<typeof AssessmentResult>;

export const Assessment = z.object({
  result: AssessmentResult,
  clauseIds: z.array(ClauseId).min(1),
  reasons: z.array(z.string().max(2000)).max(20),
});
export type Assessment = z.infer<typeof Assessment>;

export const CHANNELS = ['telegram', 'webchat', 'rest', 'botframework'] as const;
export const Channel = z.enum(CHANNELS);
export type Channel = z.infer<typeof Channel>;

export const SLOTS = ['order_no', 'contact', 'scenario', 'evidence', 'confirm', 'appeal_reason', 'free_text'] as const;
export const Slot = z.enum(SLOTS);
export type Slot = z.infer<typeof Slot>;

export const TICKET_STATUSES = [
  'open',
  'awaiting_evidence',
  'approved',
  'rejected',
  'refunded',
  'appealed',
  'closed',
] as const;
export const TicketStatus = z.enum(TICKET_STATUSES);
export type TicketStatus = z.infer<typeof TicketStatus>;

/** Buyer language. Templates use the locales zh-CN and en. */
export const Lang = z.enum(['zh', 'en']);
export type Lang = z.infer<typeof Lang>;
export const localeOf = (lang: Lang): 'zh-CN' | 'en' => (lang === 'zh' ? 'zh-CN' : 'en');
