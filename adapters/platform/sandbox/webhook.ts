/** Sends `ticket.updated` to refund-desk, HMAC-SHA256 signed, without ever blocking the API call. */
import { createHmac } from 'node:crypto';
import type { Logger } from 'pino';
import type { Ticket, TicketUpdatedEvent } from '../../../src/ports/platform.js';
import { sleep } from './faults.js';

export const SIGNATURE_HEADER = 'x-signature';

/** `sha256=<hex>` over the raw body. */
export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export interface WebhookOptions {
  /** The receiver; a function when it is only known once the server listens (PORT=0). */
  url: string | (() => string);
  secret: string;
  log?: Logger;
  /** Attempts after the first one (default 2). */
  retries?: number;
  retryDelayMs?: number;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export interface WebhookSender {
  /** Queues the notification and returns at once. */
  ticketUpdated(ticket: Ticket): void;
  /** Resolves when every queued notification has been delivered or given up (for tests and shutdown). */
  idle(): Promise<void>;
}

export function createWebhookSender(options: WebhookOptions): WebhookSender {
  const doFetch = options.fetch ?? fetch;
  const retries = options.retries ?? 2;
  const target = (): string => (typeof options.url === 'function' ? options.url() : options.url);
  const pending = new Set<Promise<void>>();

  async function deliver(ticket: Ticket): Promise<void> {
    const event: TicketUpdatedEvent = { event: 'ticket.updated', ticket };
    const body = JSON.stringify(event);
    const headers = { 'content-type': 'application/json', [SIGNATURE_HEADER]: signBody(body, options.secret) };
    for (let attempt = 0; attempt <= retries; attempt++) {
      if (attempt > 0) await sleep((options.retryDelayMs ?? 500) * 2 ** (attempt - 1));
      try {
        const res = await doFetch(target(), {
          method: 'POST',
          headers,
          body,
          signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
        });
        await res.body?.cancel();
        if (res.ok) return;
        // A 4xx other than 429 will not get better by repeating it.
        if (res.status < 500 && res.status !== 429) {
          options.log?.warn({ status: res.status, ticketId: ticket.ticketId }, 'webhook refused');
          return;
        }
      } catch (err) {
        options.log?.debug({ err, attempt, ticketId: ticket.ticketId }, 'webhook attempt failed');
      }
    }
    options.log?.warn({ url: target(), ticketId: ticket.ticketId }, 'webhook not delivered, giving up');
  }

  return {
    ticketUpdated(ticket) {
      const job = deliver(ticket).finally(() => pending.delete(job));
      pending.add(job);
    },
    async idle() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
  };
}
