/** appeal: find the rejected ticket, check the window (RP-15), collect the reason and new evidence, file it. */
import { PlatformError, type Ticket } from '../../ports/platform.js';
import { endCase } from '../actions.js';
import { evidenceSummary, tellAssessment } from '../assessment.js';
import { ask, clauseNames, option, recordEvent, say, type Turn, t } from '../context.js';
import { appealEvidenceKinds, assess, orderFacts } from '../eligibility.js';
import type { CaseState } from '../state.js';
import { OUTBOX_APPEAL } from '../tickets.js';

const decidedAtOf = (ticket: Ticket): string => ticket.decision?.at ?? ticket.decidedAt ?? ticket.createdAt;

export async function appealFlow(turn: Turn, c: CaseState): Promise<void> {
  const order = turn.order;
  if (!order || !c.owner) return;
  const deps = turn.deps;
  if (!c.appeal) {
    const tickets = await deps.platform.listTickets({ buyerId: c.owner, orderNo: order.orderNo });
    const appealed = tickets.find((x) => x.status === 'appealed');
    if (appealed) {
      say(turn, t(turn, 'appeal.already', { ticketId: appealed.ticketId }), ['RP-15']);
      endCase(turn);
      return;
    }
    const rejected = tickets
      .filter((x) => x.status === 'rejected')
      .sort((a, b) => Date.parse(decidedAtOf(b)) - Date.parse(decidedAtOf(a)))[0];
    if (!rejected) {
      say(turn, t(turn, 'appeal.none', { clause: clauseNames(turn, ['RP-15']) }), ['RP-15']);
      endCase(turn);
      return;
    }
    c.appeal = {
      ticketId: rejected.ticketId,
      ticketScenario: rejected.scenario,
      decidedAt: decidedAtOf(rejected),
      reason: null,
    };
  }
  const appeal = c.appeal;
  const rules = deps.definition.rules;
  if (!c.assessed) {
    const facts = orderFacts(order, turn.now, { decidedAt: appeal.decidedAt, days: rules.appeal_days });
    const evaluation = assess(rules, 'appeal', facts);
    if (!evaluation) return;
    const lang = turn.conversation.lang;
    c.assessed = {
      ...evaluation,
      reasons: [evaluation.reason],
      vars: {
        decidedAt: turn.render.time(lang, appeal.decidedAt),
        deadline: turn.render.time(lang, new Date(Date.parse(appeal.decidedAt) + rules.appeal_days * 86_400_000)),
      },
    };
    await recordEvent(turn, 'assessment', {
      scenario: 'appeal',
      ticketId: appeal.ticketId,
      result: evaluation.result,
      clauseIds: evaluation.clauseIds,
      reason: evaluation.reason,
    });
  }
  if (!c.told) await tellAssessment(turn, c);
  if (c.assessed.result === 'not_eligible') {
    endCase(turn);
    return;
  }
  if (!appeal.reason) {
    ask(turn, 'appeal_reason', 'appeal_reason', t(turn, 'appeal.ask_reason'));
    return;
  }
  // One piece of new evidence is enough; the kinds the rejected scenario asks for are offered in turn.
  const kinds = appealEvidenceKinds(deps.definition.evidence, appeal.ticketScenario);
  const kind = kinds.find((k) => !c.declined.includes(k));
  if (c.evidence.length === 0 && kind) {
    ask(turn, 'evidence', 'evidence', t(turn, `ask_${kind}`), {
      evidenceKind: kind,
      options: [option(turn, 'no_evidence')],
    });
    return;
  }
  if (!c.confirmed) {
    ask(
      turn,
      'appeal_confirm',
      'confirm',
      t(turn, 'appeal.summary', {
        ticketId: appeal.ticketId,
        orderNo: order.orderNo,
        evidence: evidenceSummary(turn, c),
        clauses: clauseNames(turn, c.assessed.clauseIds),
      }),
      { options: [option(turn, 'confirm'), option(turn, 'cancel')], citations: c.assessed.clauseIds },
    );
    return;
  }
  const input = {
    reason: appeal.reason,
    evidence: c.evidence.map((e) => ({ kind: e.kind, sha256: e.sha256, mime: e.mime, bytes: e.bytes })),
  };
  try {
    const ticket = await deps.platform.appeal(appeal.ticketId, input);
    await recordEvent(turn, 'ticket_updated', { ticketId: ticket.ticketId, status: ticket.status, by: 'buyer_appeal' });
    const stored = await deps.tickets.get(ticket.ticketId);
    if (stored) await deps.tickets.upsert({ ...stored, status: ticket.status, updatedAt: turn.now.toISOString() });
    say(turn, t(turn, 'appeal.filed', { ticketId: ticket.ticketId }), ['RP-15']);
    const [review = 'RP-12'] = rules.ticket_clauses;
    say(
      turn,
      t(turn, 'review_time', {
        clause: clauseNames(turn, [review]),
        due: turn.render.time(turn.conversation.lang, ticket.slaDueAt),
      }),
      [review],
    );
  } catch (err) {
    if (!(err instanceof PlatformError)) throw err;
    if (err.retryable) {
      await deps.outbox.enqueue({
        kind: OUTBOX_APPEAL,
        idempotencyKey: `rd-appeal-${appeal.ticketId}-${turn.conversation.id}`,
        payload: { ticketId: appeal.ticketId, appeal: input, conversationId: turn.conversation.id },
      });
      say(turn, t(turn, 'appeal.queued'));
    } else say(turn, t(turn, 'ticket_failed', { reason: err.code }));
  }
  endCase(turn);
}
