/**
 * Eligibility (SPEC §6) as pure functions of the rules in bots/refund/rules.yaml and the order facts.
 * The bot recommends; an agent decides.
 */
import type { EvidenceKind, ScenarioId } from '../core/domain.js';
import type { EvidenceFile, Facts, RulesFile, When } from '../definition/dialog.js';
import type { Order } from '../ports/platform.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export function orderFacts(order: Order, now: Date, appeal?: { decidedAt: string; days: number }): Facts {
  const paidAt = order.paidAt ? Date.parse(order.paidAt) : null;
  const since = Date.parse(order.deliveredAt ?? order.paidAt ?? '') || null;
  const noReasonDays = order.product.noReasonDays;
  return {
    paid: paidAt !== null && order.status !== 'pending_payment',
    delivered: order.status === 'delivered' || Boolean(order.deliveredAt),
    promise_passed: paidAt !== null && paidAt + order.product.promiseHours * HOUR <= now.getTime(),
    activated: Boolean(order.activatedAt),
    multiple_charges: order.charges.length >= 2,
    no_reason_marked: noReasonDays > 0,
    within_no_reason_window: since !== null && since + noReasonDays * DAY > now.getTime(),
    refunded: order.status === 'refunded',
    appeal_window_open: appeal !== undefined && Date.parse(appeal.decidedAt) + appeal.days * DAY > now.getTime(),
  };
}

export function matches(when: When, facts: Facts): boolean {
  return Object.entries(when).every(([fact, value]) => facts[fact as keyof Facts] === value);
}

export interface Evaluation {
  result: 'eligible' | 'needs_review' | 'not_eligible' | 'too_early';
  clauseIds: string[];
  reason: string;
}

/** The first matching rule for the scenario, or null for scenarios that are not assessed (questions, status). */
export function assess(rules: RulesFile, scenario: ScenarioId, facts: Facts): Evaluation | null {
  const list = rules.eligibility[scenario];
  const rule = list?.find((r) => matches(r.when, facts));
  return rule ? { result: rule.result, clauseIds: [...rule.clauses], reason: rule.reason } : null;
}

/** Order facts beat words: the scenario to work on given what the buyer said. */
export function reclassify(rules: RulesFile, stated: ScenarioId, facts: Facts): ScenarioId {
  const rule = rules.reclassify.find((r) => r.from.includes(stated) && matches(r.when, facts));
  return rule ? rule.to : stated;
}

/** Scenarios the buyer must choose between when their words and the order facts disagree. */
export function clarifyChoices(rules: RulesFile, scenario: ScenarioId, facts: Facts): ScenarioId[] | null {
  const rule = rules.clarify.find((r) => r.from === scenario && matches(r.when, facts));
  return rule ? [...rule.choices] : null;
}

/** Evidence kinds the platform cannot confirm itself, in the order to ask for them. */
export function requiredEvidence(evidence: EvidenceFile, scenario: ScenarioId, facts: Facts): EvidenceKind[] {
  return (evidence.requirements[scenario] ?? []).filter((r) => matches(r.when, facts)).map((r) => r.kind);
}

/** The kinds of new evidence to ask for in an appeal against a ticket of `scenario`, in order. */
export function appealEvidenceKinds(evidence: EvidenceFile, scenario: ScenarioId): EvidenceKind[] {
  const kinds = [...new Set((evidence.requirements[scenario] ?? []).map((r) => r.kind))];
  return kinds.length > 0 ? kinds : [evidence.appeal.fallback];
}

export function promiseDeadline(order: Order): Date | null {
  return order.paidAt ? new Date(Date.parse(order.paidAt) + order.product.promiseHours * HOUR) : null;
}

export function appealDeadline(decidedAt: string, days: number): Date {
  return new Date(Date.parse(decidedAt) + days * DAY);
}
