/**
 * Retries the platform calls queued while the platform was down (ticket creation, appeals) and tells
 * the buyer through their channel once the call goes through (or finally fails).
 */
import { z } from 'zod';
import type { OutboxItem } from '../ports/outbox.js';
import { AppealInput, PaymentChannel, PlatformError, TicketCreate } from '../ports/platform.js';
import type { Dialog } from './bot.js';
import type { DialogDeps } from './context.js';
import type { ChannelSinks } from './sinks.js';
import { OUTBOX_APPEAL, OUTBOX_TICKET, rememberTicket, ticketOpenedParts } from './tickets.js';

const TicketPayload = z.object({ input: TicketCreate, paymentChannel: PaymentChannel, conversationId: z.string() });
const AppealPayload = z.object({ ticketId: z.string(), appeal: AppealInput, conversationId: z.string() });

const MAX_ATTEMPTS = 30;
const backoffMs = (attempts: number) => Math.min(60_000 * 10, 2_000 * 2 ** Math.min(attempts, 10));

export function createOutboxWorker(deps: DialogDeps, dialog: Dialog, sinks: ChannelSinks) {
  const render = dialog.render;

  async function tell(conversationId: string, build: (lang: 'zh' | 'en') => { text: string; citations: string[] }[]) {
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

  async function run(item: OutboxItem): Promise<void> {
    if (item.kind === OUTBOX_TICKET) {
      const payload = TicketPayload.parse(item.payload);
      const created = await deps.platform.createTicket(payload.input, item.idempotencyKey);
      const conversation = await deps.conversations.get(payload.conversationId);
      if (conversation) await rememberTicket(deps, conversation, payload.input, created);
      await deps.outbox.complete(item.id, { ticketId: created.ticketId });
      await tell(payload.conversationId, (lang) =>
        ticketOpenedParts(render, lang, deps.definition.rules, created, payload.paymentChannel, 'ticket_opened_later'),
      );
      return;
    }
    const payload = AppealPayload.parse(item.payload);
    const ticket = await deps.platform.appeal(payload.ticketId, payload.appeal);
    await deps.outbox.complete(item.id, { ticketId: ticket.ticketId, status: ticket.status });
    await tell(payload.conversationId, (lang) => [
      { text: render.t(lang, 'appeal.filed_later', { ticketId: ticket.ticketId }), citations: ['RP-15'] },
    ]);
  }

  /** One pass over the due items of the dialog's kinds; returns how many went through. */
  return async function drain(): Promise<number> {
    const now = deps.now();
    const due = (await deps.outbox.due(now, 100)).filter((i) => i.kind === OUTBOX_TICKET || i.kind === OUTBOX_APPEAL);
    let done = 0;
    for (const item of due) {
      try {
        await run(item);
        done += 1;
      } catch (err) {
        const retryable = err instanceof PlatformError ? err.retryable : !(err instanceof z.ZodError);
        const message = err instanceof Error ? err.message : String(err);
        if (retryable && item.attempts + 1 < MAX_ATTEMPTS) {
          await deps.outbox.retryLater(item.id, new Date(now.getTime() + backoffMs(item.attempts)), message);
          continue;
        }
        await deps.outbox.fail(item.id, message);
        deps.log.error({ err, outboxId: item.id }, 'queued platform call failed for good');
        const conversationId = z.object({ conversationId: z.string() }).safeParse(item.payload);
        if (conversationId.success) {
          await tell(conversationId.data.conversationId, (lang) => [
            {
              text: render.t(lang, 'ticket_failed', { reason: err instanceof PlatformError ? err.code : 'error' }),
              citations: [],
            },
          ]);
        }
      }
    }
    return done;
  };
}
