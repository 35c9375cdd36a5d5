/** refund_status: what the platform says about the buyer's tickets for the order, and when money arrives. */
import type { Ticket } from '../../ports/platform.js';
import { endCase } from '../actions.js';
import { clauseNames, say, type Turn, t } from '../context.js';
import type { CaseState } from '../state.js';

const latest = (tickets: Ticket[]): Ticket | undefined =>
  [...tickets].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))[0];

export async function reportStatus(turn: Turn, c: CaseState): Promise<void> {
  const order = turn.order;
  if (!order || !c.owner) return;
  const tickets = await turn.deps.platform.listTickets({ buyerId: c.owner, orderNo: order.orderNo });
  const ticket = latest(tickets);
  const lang = turn.conversation.lang;
  const [route = 'RP-14', delay = 'RP-18'] = turn.deps.definition.rules.status_clauses;
  const [review = 'RP-12'] = turn.deps.definition.rules.ticket_clauses;
  const timing = () => {
    say(turn, t(turn, `status.route.${order.paymentChannel}`, { clause: clauseNames(turn, [route]) }), [route]);
    say(turn, t(turn, 'status.delay', { clause: clauseNames(turn, [delay]) }), [delay]);
  };
  if (!ticket) {
    if (order.status === 'refunded') {
      say(turn, t(turn, 'status.refunded'));
      timing();
    } else {
      const apply = turn.deps.definition.rules.apply_clause;
      say(turn, t(turn, 'status.none', { clause: clauseNames(turn, [apply]) }), [apply]);
    }
    endCase(turn);
    return;
  }
  say(
    turn,
    t(turn, 'status.ticket', {
      ticketId: ticket.ticketId,
      scenario: t(turn, `scenario.${ticket.scenario}.name`),
      status: t(turn, `status_label.${ticket.status}`),
      createdAt: turn.render.time(lang, ticket.createdAt),
    }),
  );
  const decidedAt = ticket.decision?.at ?? ticket.decidedAt;
  if (ticket.decision && decidedAt) {
    say(
      turn,
      t(turn, 'status.decided', {
        decision: t(turn, `decision_label.${ticket.decision.decision}`),
        at: turn.render.time(lang, decidedAt),
      }),
    );
  }
  if (['open', 'awaiting_evidence', 'appealed'].includes(ticket.status)) {
    say(
      turn,
      t(turn, 'status.pending', { due: turn.render.time(lang, ticket.slaDueAt), clause: clauseNames(turn, [review]) }),
      [review],
    );
  }
  if (ticket.status === 'approved' || ticket.status === 'refunded' || order.status === 'refunded') timing();
  if (ticket.status === 'rejected') say(turn, t(turn, 'notify.reject_appeal', rejectVars(turn, ticket)), ['RP-15']);
  endCase(turn);
}

export function rejectVars(turn: Turn, ticket: Ticket): Record<string, string> {
  const decidedAt = ticket.decision?.at ?? ticket.decidedAt ?? ticket.createdAt;
  const days = turn.deps.definition.rules.appeal_days;
  return {
    deadline: turn.render.time(turn.conversation.lang, new Date(Date.parse(decidedAt) + days * 86_400_000)),
    clause: clauseNames(turn, ['RP-15']),
  };
}
