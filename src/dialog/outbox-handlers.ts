/**
 * What the outbox worker (src/tickets/outbox-worker.ts) does with the platform calls the dialog
 * queued while the platform was down (ticket creation, appeals), and how the buyer hears about it
 * through their channel once the call goes through or is given up.
 */
import { z } from 'zod';
import type { Lang } from '../core/domain.js';
import type { JsonValue } from '../core/json.js';
import type { OutboxItem } from '../ports/outbox.js';
import { AppealInput, PaymentChannel, TicketCreate } from '../ports/platform.js';
import type { Dialog } from './bot.js';
import type { DialogDeps, Part } from './context.js';
import type { ChannelSinks } from './sinks.js';
import { OUTBOX_APPEAL, OUTBOX_TICKET, rememberTicket, ticketOpenedParts } from './tickets.js';

const TicketPayload = z.object({ input: TicketCreate, paymentChannel: PaymentChannel, conversationId: z.string() });
const AppealPayload = z.object({ ticketId: z.string(), appeal: AppealInput, conversationId: z.string() });

export interface DialogOutbox {
  handlers: Record<string, (item: OutboxItem) => Promise<JsonValue>>;
  onDead(item: OutboxItem, error: string): Promise<void>;
}

export function dialogOutbox(deps: DialogDeps, dialog: Dialog, sinks: ChannelSinks): DialogOutbox {
  const render = dialog.render;

  async function tell(conversationId: string, build: (lang: Lang) => Part[]): Promise<void> {
    const result = await dialog.update(conversationId, async (conversation) => {
      const parts = build(conversation.lang);
      const citations = [...new Set(parts.flatMap((p) => p.citations))];
      return [
        {
          text: parts.map((p) => p.text).join('\n\n'),
          lang: conversation.lang,
          ...(citations.length > 0 ? { citations } : {}),
        },
      ];
    });
    if (result) await sinks.deliver(result.conversation, result.messages);
  }

  return {
    handlers: {
      [OUTBOX_TICKET]: async (item) => {
        const payload = TicketPayload.parse(item.payload);
        const created = await deps.platform.createTicket(payload.input, item.idempotencyKey);
        const conversation = await deps.conversations.get(payload.conversationId);
        if (conversation) await rememberTicket(deps, conversation, payload.input, created);
        await tell(payload.conversationId, (lang) =>
          ticketOpenedParts(
            render,
            lang,
            deps.definition.rules,
            created,
            payload.paymentChannel,
            'ticket_opened_later',
          ),
        );
        return { ticketId: created.ticketId };
      },
      [OUTBOX_APPEAL]: async (item) => {
        const payload = AppealPayload.parse(item.payload);
        const ticket = await deps.platform.appeal(payload.ticketId, payload.appeal, item.idempotencyKey);
        await tell(payload.conversationId, (lang) => [
          { text: render.t(lang, 'appeal.filed_later', { ticketId: ticket.ticketId }), citations: ['RP-15'] },
        ]);
        return { ticketId: ticket.ticketId, status: ticket.status };
      },
    },
    async onDead(item, error) {
      const target = z.object({ conversationId: z.string() }).safeParse(item.payload);
      if (!target.success || (item.kind !== OUTBOX_TICKET && item.kind !== OUTBOX_APPEAL)) return;
      await tell(target.data.conversationId, (lang) => [
        { text: render.t(lang, 'ticket_failed', { reason: error.slice(0, 200) }), citations: [] },
      ]);
    },
  };
}
