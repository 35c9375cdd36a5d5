/** Receives the platform's signed `ticket.updated` webhook and hands the ticket to whoever tells the buyer. */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Topic } from '../../core/events.js';
import type { Logger } from '../../core/log.js';
import { type Ticket, TicketUpdatedEvent } from '../../ports/platform.js';
import type { HttpModule } from '../app.js';
import { describeIssues, readLimited } from '../body.js';
import { ApiError } from '../errors.js';

export const PLATFORM_HOOK_PATH = '/hooks/platform';
const MAX_BYTES = 1024 * 1024;

/** True when `header` is `sha256=<hex>` of HMAC-SHA256(secret, body); compared in constant time. */
export function verifySignature(body: Uint8Array, header: string | undefined, secret: string): boolean {
  const match = /^sha256=([0-9a-f]{64})$/i.exec(header?.trim() ?? '');
  if (!match) return false;
  const expected = createHmac('sha256', secret).update(body).digest();
  return timingSafeEqual(Buffer.from(match[1]!, 'hex'), expected);
}

export function platformHooksModule(options: {
  secret: string;
  ticketUpdates: Topic<Ticket>;
  log: Logger;
}): HttpModule {
  return {
    name: 'platform-hooks',
    mount(app) {
      app.post(PLATFORM_HOOK_PATH, async (c) => {
        const body = await readLimited(c.req.raw, MAX_BYTES);
        if (!verifySignature(body, c.req.header('x-signature'), options.secret)) {
          throw new ApiError(401, 'invalid_signature', 'X-Signature is missing or does not match the body');
        }
        let json: unknown;
        try {
          json = JSON.parse(Buffer.from(body).toString('utf8'));
        } catch {
          throw new ApiError(400, 'malformed_json', 'the webhook body is not valid JSON');
        }
        const event = TicketUpdatedEvent.safeParse(json);
        if (!event.success) {
          const issues = describeIssues(event.error);
          throw new ApiError(422, 'invalid_event', issues.join('; '), issues);
        }
        const failures = await options.ticketUpdates.publish(event.data.ticket);
        for (const err of failures)
          options.log.error({ err, ticketId: event.data.ticket.ticketId }, 'ticket update listener failed');
        return c.json({ ok: true });
      });
    },
  };
}
