/**
 * Tells buyers about agents' decisions: on each ticket update (platform webhook → ticketUpdates topic)
 * it records a `ticket_updated` event in the conversation the ticket was opened in, renders the
 * decision in the buyer's language and delivers it through the conversation's channel.
 */
import type { Lang } from '../core/domain.js';
import type { OutboundMessage } from '../core/messages.js';
import type { Ticket } from '../ports/platform.js';
import type { Dialog } from './bot.js';
import type { DialogDeps } from './context.js';
import type { ChannelSinks } from './sinks.js';
import type { DialogState } from './state.js';

/** The buyer opened or appealed it just now, or sent the evidence asked for: they know already. */
const QUIET: ReadonlySet<string> = new Set(['open', 'appealed']);

export function createNotifier(deps: DialogDeps, dialog: Dialog, sinks: ChannelSinks) {
  const render = dialog.render;
  const rules = deps.definition.rules;

  async function messagesFor(ticket: Ticket, lang: Lang, state: DialogState): Promise<OutboundMessage[]> {
    const t = (key: string, vars: Record<string, string> = {}) => render.t(lang, key, vars);
    const amount = ticket.decision?.decision === 'approve' ? ticket.decision.amount : undefined;
    const message = (text: string, citations: string[], expecting?: OutboundMessage['expecting']): OutboundMessage => ({
      text,
      lang,
      ...(citations.length > 0 ? { citations } : {}),
      ...(expecting ? { expecting } : {}),
      decision: { ticketId: ticket.ticketId, status: ticket.status, ...(amount !== undefined ? { amount } : {}) },
    });
    const routeOf = async (key: 'route' | 'status.route') => {
      const order = await deps.platform.getOrder(ticket.orderNo).catch(() => null);
      const [route = 'RP-14'] = rules.status_clauses;
      return order
        ? { text: t(`${key}.${order.paymentChannel}`, { clause: render.clauses(lang, [route]) }), route }
        : null;
    };
    const decision = ticket.decision;
    if (decision?.decision === 'reject' && ticket.status === 'rejected') {
      const decidedAt = decision.at ?? ticket.decidedAt ?? deps.now().toISOString();
      const deadline = new Date(Date.parse(decidedAt) + rules.appeal_days * 86_400_000);
      const appeal = t('notify.reject_appeal', {
        deadline: render.time(lang, deadline),
        clause: render.clauses(lang, ['RP-15']),
      });
      const cited = decision.clauseIds.filter((c) => /^(RP|LAW)-/.test(c));
      return [
        message(`${t('notify.reject', { ticketId: ticket.ticketId, reason: decision.reason })}\n\n${appeal}`, [
          ...new Set([...cited, 'RP-15']),
        ]),
      ];
    }
    if (decision?.decision === 'approve' && ticket.status === 'approved') {
      const amount = decision.amount !== undefined ? t('notify.amount', { amount: String(decision.amount) }) : '';
      const route = await routeOf('status.route');
      const text = t('notify.approve', { ticketId: ticket.ticketId, amount });
      return [message(route ? `${text}\n\n${route.text}` : text, route ? [route.route] : [])];
    }
    if (decision?.decision === 'request_evidence' && ticket.status === 'awaiting_evidence') {
      const kind = deps.definition.evidence.unsolicited;
      state.requested = { ticketId: ticket.ticketId, kind };
      state.asked = { step: 'requested_evidence', slot: 'evidence', evidenceKind: kind, payloads: ['/no_evidence'] };
      const text = `${t('notify.request_evidence', { ticketId: ticket.ticketId, reason: decision.reason })}\n\n${t(`ask_${kind}`)}`;
      return [
        message(text, [], {
          slot: 'evidence',
          evidenceKind: kind,
          options: [{ title: t('option.no_evidence'), payload: '/no_evidence' }],
        }),
      ];
    }
    if (QUIET.has(ticket.status)) return [];
    const updated = t('notify.updated', { ticketId: ticket.ticketId, status: t(`status_label.${ticket.status}`) });
    const route = ticket.status === 'refunded' ? await routeOf('status.route') : null;
    return [message(route ? `${updated}\n\n${route.text}` : updated, route ? [route.route] : [])];
  }

  /**
   * Only tickets this installation opened are applied, and only to the conversation it opened them
   * in (the stored link, never ids in the payload). The state told is the platform's current one,
   * read inside the conversation's turn order: a late or replayed update cannot turn a ticket back.
   */
  return async function onTicketUpdated(event: Ticket): Promise<void> {
    const known = await deps.tickets.get(event.ticketId);
    if (!known || known.buyerId !== event.buyerId || known.orderNo !== event.orderNo) {
      deps.log.warn({ ticketId: event.ticketId }, 'ticket update for a ticket this installation did not open; ignored');
      return;
    }
    const result = await dialog.update(known.conversationId, async (conversation, state) => {
      const ticket = await deps.platform.getTicket(event.ticketId);
      if (!ticket || ticket.buyerId !== known.buyerId) return [];
      // Webhooks may be delivered more than once: each change is recorded and told once.
      const key = `${ticket.ticketId}:${ticket.status}:${ticket.decision?.at ?? ''}:${ticket.evidence.length}`;
      if (state.notified.includes(key)) return [];
      state.notified.push(key);
      if (state.notified.length > 50) state.notified.splice(0, state.notified.length - 50);
      await deps.recorder.record(conversation.id, {
        direction: 'system',
        channel: conversation.channel,
        actor: 'platform',
        type: 'event',
        payload: {
          event: 'ticket_updated',
          ticketId: ticket.ticketId,
          status: ticket.status,
          ...(ticket.decision ? { decision: ticket.decision.decision, clauseIds: ticket.decision.clauseIds } : {}),
        },
      });
      const stored = await deps.tickets.get(ticket.ticketId);
      if (stored && stored.status !== ticket.status)
        await deps.tickets.upsert({ ...stored, status: ticket.status, updatedAt: deps.now().toISOString() });
      return messagesFor(ticket, conversation.lang, state);
    });
    if (!result) {
      deps.log.info({ ticketId: event.ticketId }, 'ticket update for a conversation this bot does not know');
      return;
    }
    if (result.messages.length === 0) return;
    const delivered = await sinks.deliver(result.conversation, result.messages);
    if (!delivered)
      deps.log.info({ conversationId: result.conversation.id }, 'no channel sink; message kept in the transcript');
  };
}
