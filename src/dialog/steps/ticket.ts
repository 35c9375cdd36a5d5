/** Summary confirmed: open the ticket through the platform (idempotent), or queue it when the platform is down. */
import { PlatformError, type TicketCreate } from '../../ports/platform.js';
import { endCase } from '../actions.js';
import { say, type Turn, t } from '../context.js';
import type { CaseState } from '../state.js';
import { OUTBOX_TICKET, rememberTicket, ticketKey, ticketOpenedParts } from '../tickets.js';

export async function openTicket(turn: Turn, c: CaseState): Promise<void> {
  const order = turn.order;
  const assessed = c.assessed;
  if (!order || !assessed || !c.scenario || !c.orderNo || !c.owner) return;
  const head = await turn.deps.recorder.head(turn.conversation.id);
  if (!head) throw new Error(`transcript ${turn.conversation.id} has no head`);
  const input: TicketCreate = {
    orderNo: c.orderNo,
    buyerId: c.owner,
    channel: turn.conversation.channel,
    scenario: c.scenario,
    assessment: {
      result: assessed.result,
      clauseIds: assessed.clauseIds,
      // For the agent: the rule that decided, and what the buyer was told (in the site's language).
      reasons: [
        assessed.reason,
        turn.render.t('zh', `reason.${assessed.reason}`, {
          ...assessed.vars,
          clauses: turn.render.clauses('zh', assessed.clauseIds),
        }),
        ...c.evidence.flatMap((e) => (e.text ? [e.text] : [])).slice(-10),
      ].map((r) => r.slice(0, 2000)),
    },
    claims: [
      ...c.claims,
      ...c.declined.map((k) => `[no ${k}: the buyer said they have none]`),
      ...(c.insisted ? ['[the buyer asked to submit despite the assessment]'] : []),
    ].slice(-50),
    evidence: c.evidence.map((e) => ({
      kind: e.kind,
      sha256: e.sha256,
      mime: e.mime,
      bytes: e.bytes,
      ...(e.text ? { text: e.text } : {}),
    })),
    transcript: { conversationId: turn.conversation.id, headHash: head.hash },
  };
  const key = ticketKey(turn.conversation.id, c.orderNo, c.scenario);
  try {
    const created = await turn.deps.platform.createTicket(input, key);
    await rememberTicket(turn.deps, turn.conversation, input, created);
    turn.state.tickets.push({ ticketId: created.ticketId, orderNo: c.orderNo, scenario: c.scenario });
    const parts = ticketOpenedParts(
      turn.render,
      turn.conversation.lang,
      turn.deps.definition.rules,
      created,
      order.paymentChannel,
      'ticket_opened',
    );
    for (const p of parts) say(turn, p.text, [...p.citations, ...(p === parts[0] ? assessed.clauseIds : [])]);
  } catch (err) {
    if (!(err instanceof PlatformError)) throw err;
    if (err.retryable) {
      await turn.deps.outbox.enqueue({
        kind: OUTBOX_TICKET,
        idempotencyKey: key,
        payload: { input, paymentChannel: order.paymentChannel, conversationId: turn.conversation.id },
      });
      turn.deps.log.warn({ err, conversationId: turn.conversation.id }, 'ticket queued: platform unavailable');
      say(turn, t(turn, 'ticket_queued'));
    } else {
      turn.deps.log.error({ err, conversationId: turn.conversation.id }, 'ticket rejected by the platform');
      say(turn, t(turn, 'ticket_failed', { reason: err.code }), []);
    }
  }
  endCase(turn);
}
