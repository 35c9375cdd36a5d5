/** Telling the buyer where they stand: the assessment with its reason and clauses, the evidence summary. */
import type { Order } from '../ports/platform.js';
import { clauseNames, recordEvent, say, type Turn, t } from './context.js';
import { promiseDeadline } from './eligibility.js';
import type { CaseState } from './state.js';

export async function tellAssessment(turn: Turn, c: CaseState): Promise<void> {
  const assessed = c.assessed;
  if (!assessed) return;
  const clauses = await Promise.all(
    assessed.clauseIds.map((id) => turn.deps.retriever.clause(id, turn.conversation.lang)),
  );
  await recordEvent(turn, 'clauses_retrieved', {
    clauseIds: assessed.clauseIds,
    found: clauses.filter((x) => x !== null).map((x) => x.id),
  });
  const reason = t(turn, `reason.${assessed.reason}`, {
    ...assessed.vars,
    clauses: clauseNames(turn, assessed.clauseIds),
  });
  say(turn, `${t(turn, `assessment.${assessed.result}`)}\n${reason}`, assessed.clauseIds);
  c.told = true;
}

export function reasonVars(turn: Turn, order: Order): Record<string, string> {
  const lang = turn.conversation.lang;
  const deadline = promiseDeadline(order);
  const since = order.deliveredAt ?? order.paidAt;
  return {
    hours: String(order.product.promiseHours),
    days: String(order.product.noReasonDays),
    charges: String(order.charges.length),
    ...(deadline ? { deadline: turn.render.time(lang, deadline) } : {}),
    ...(order.activatedAt ? { activatedAt: turn.render.time(lang, order.activatedAt) } : {}),
    ...(since ? { since: turn.render.time(lang, since) } : {}),
  };
}

export function evidenceSummary(turn: Turn, c: CaseState): string {
  const kinds = [...new Set(c.evidence.map((e) => e.kind))].map((k) => t(turn, `evidence_kind.${k}`));
  const declined = c.declined.map((k) => `${t(turn, `evidence_kind.${k}`)}: ${t(turn, 'summary_declined')}`);
  const all = [...kinds, ...declined];
  return all.length > 0 ? all.join(turn.conversation.lang === 'zh' ? '；' : '; ') : t(turn, 'summary_no_evidence');
}
