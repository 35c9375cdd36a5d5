/**
 * Tells buyers about agents' decisions: on each ticket update (platform webhook → ticketUpdates topic)
 * it records a `ticket_updated` event in the ticket's conversation, renders the decision in the
 * buyer's language and delivers it through the conversation's channel.
 */
import type { OutboundMessage } from '../core/messages.js';
import type { Ticket } from '../ports/platform.js';
import type { Dialog } from './bot.js';
import type { DialogDeps } from './context.js';
import type { ChannelSinks } from './sinks.js';

export function createNotifier(deps: DialogDeps, dialog: Dialog, sinks: ChannelSinks) {
  const render = dialog.render;
  const rules = deps.definition.rules;

  return async function onTicketUpdated(ticket: Ticket): Promise<void> {
    const result = await dialog.update(ticket.transcript.conversationId, async (conversation, state) => {
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
      if (stored) await deps.tickets.upsert({ ...stored, status: ticket.status, updatedAt: deps.now().toISOString() });
      const lang = conversation.lang;
      const t = (key: string, vars: Record<string, string> = {}) => render.t(lang, key, vars);
      const decision = ticket.decision;
      const message = (
        text: string,
        citations: string[],
        expecting?: OutboundMessage['expecting'],
      ): OutboundMessage => ({
        text,
        lang,
        ...(citations.length > 0 ? { citations } : {}),
        ...(expecting ? { expecting } : {}),
      });
      if (decision?.decision === 'reject' && ticket.status === 'rejected') {
        const decidedAt = decision.at ?? ticket.decidedAt ?? deps.now().toISOString();
        const deadline = new Date(Date.parse(decidedAt) + rules.appeal_days * 86_400_000);
        const clause = render.clauses(lang, ['RP-15']);
        return [
          message(
            `${t('notify.reject', { ticketId: ticket.ticketId, reason: decision.reason })}\n\n${t(
              'notify.reject_appeal',
              {
                deadline: render.time(lang, deadline),
                clause,
              },
            )}`,
            [...new Set([...decision.clauseIds.filter((c) => /^(RP|LAW)-/.test(c)), 'RP-15'])],
          ),
        ];
      }
      if (decision?.decision === 'approve' && (ticket.status === 'approved' || ticket.status === 'refunded')) {
        const order = await deps.platform.getOrder(ticket.orderNo).catch(() => null);
        const amount = decision.amount !== undefined ? t('notify.amount', { amount: String(decision.amount) }) : '';
        const [, route = 'RP-14'] = rules.ticket_clauses;
        const routeText = order
          ? `\n\n${t(`route.${order.paymentChannel}`, { clause: render.clauses(lang, [route]) })}`
          : '';
        return [
          message(`${t('notify.approve', { ticketId: ticket.ticketId, amount })}${routeText}`, order ? [route] : []),
        ];
      }
      if (decision?.decision === 'request_evidence' && ticket.status === 'awaiting_evidence') {
        const kind = deps.definition.evidence.unsolicited;
        state.requested = { ticketId: ticket.ticketId, kind };
        state.asked = { step: 'requested_evidence', slot: 'evidence', evidenceKind: kind, payloads: ['/no_evidence'] };
        return [
          message(
            `${t('notify.request_evidence', { ticketId: ticket.ticketId, reason: decision.reason })}\n\n${t(`ask_${kind}`)}`,
            [],
            {
              slot: 'evidence',
              evidenceKind: kind,
              options: [{ title: t('option.no_evidence'), payload: '/no_evidence' }],
            },
          ),
        ];
      }
      return [
        message(t('notify.updated', { ticketId: ticket.ticketId, status: t(`status_label.${ticket.status}`) }), []),
      ];
    });
    if (!result) {
      deps.log.info({ ticketId: ticket.ticketId }, 'ticket update for a conversation this bot does not know');
      return;
    }
    const delivered = await sinks.deliver(result.conversation, result.messages);
    if (!delivered)
      deps.log.info({ conversationId: result.conversation.id }, 'no channel sink; message kept in the transcript');
  };
}
