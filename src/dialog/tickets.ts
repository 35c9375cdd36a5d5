/** Opening tickets: the idempotency key, what the buyer is told, and what refund-desk remembers. */
import { createHash } from 'node:crypto';
import type { Lang } from '../core/domain.js';
import type { ConversationRecord } from '../ports/conversation-store.js';
import type { PaymentChannel, TicketCreate, TicketCreated } from '../ports/platform.js';
import type { DialogDeps, Part } from './context.js';
import type { Renderer } from './render.js';

/** One key per conversation, order and scenario: a retried or repeated submission opens one ticket. */
export function ticketKey(conversationId: string, orderNo: string, scenario: string): string {
  return `rd-${createHash('sha256').update(`${conversationId}\n${orderNo}\n${scenario}`).digest('hex').slice(0, 40)}`;
}

export const OUTBOX_TICKET = 'dialog.ticket.create';
export const OUTBOX_APPEAL = 'dialog.ticket.appeal';

/** Ticket id, review time (RP-12) and refund route for the payment channel (RP-14). */
export function ticketOpenedParts(
  render: Renderer,
  lang: Lang,
  rules: { ticket_clauses: string[] },
  created: TicketCreated,
  paymentChannel: PaymentChannel,
  openedKey: 'ticket_opened' | 'ticket_opened_later',
): Part[] {
  const [review = 'RP-12', route = 'RP-14'] = rules.ticket_clauses;
  return [
    { text: render.t(lang, openedKey, { ticketId: created.ticketId }), citations: [] },
    {
      text: render.t(lang, 'review_time', {
        clause: render.clauses(lang, [review]),
        due: render.time(lang, created.slaDueAt),
      }),
      citations: [review],
    },
    { text: render.t(lang, `route.${paymentChannel}`, { clause: render.clauses(lang, [route]) }), citations: [route] },
  ];
}

/** Remembers the ticket in refund-desk's store and the transcript (head hash as sent to the platform). */
export async function rememberTicket(
  deps: DialogDeps,
  conversation: ConversationRecord,
  input: TicketCreate,
  created: TicketCreated,
): Promise<void> {
  const at = deps.now().toISOString();
  await deps.tickets.upsert({
    ticketId: created.ticketId,
    orderNo: input.orderNo,
    buyerId: input.buyerId,
    conversationId: conversation.id,
    channel: input.channel,
    scenario: input.scenario,
    assessment: input.assessment,
    status: created.status,
    headHash: input.transcript.headHash,
    slaDueAt: created.slaDueAt,
    createdAt: at,
    updatedAt: at,
  });
  await deps.recorder.record(conversation.id, {
    direction: 'system',
    channel: conversation.channel,
    actor: 'bot',
    type: 'event',
    payload: {
      event: 'ticket_opened',
      ticketId: created.ticketId,
      orderNo: input.orderNo,
      scenario: input.scenario,
      assessment: input.assessment.result,
      clauseIds: input.assessment.clauseIds,
      headHash: input.transcript.headHash,
      evidence: input.evidence.map((e) => e.sha256),
    },
  });
}
