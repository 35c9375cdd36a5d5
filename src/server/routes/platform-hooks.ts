/**
 * Receives the platform's signed `ticket.updated` webhook and hands the ticket to whoever tells the
 * buyer. Authentic (HMAC over timestamp and body), fresh (within the tolerance window) and new (an
 * event id is accepted once): anything else is refused before a listener sees it. The listeners
 * decide whether the ticket is one this installation opened, and read its current state from the
 * platform rather than trusting the payload's.
 */
import type { Topic } from '../../core/events.js';
import type { Logger } from '../../core/log.js';
import { type Ticket, TicketUpdatedEvent } from '../../ports/platform.js';
import type { HttpModule } from '../app.js';
import { describeIssues, readLimited } from '../body.js';
import { ApiError } from '../errors.js';
import { SIGNATURE_HEADER, verifyWebhook } from '../webhook-signature.js';

export const PLATFORM_HOOK_PATH = '/hooks/platform';
const MAX_BYTES = 1024 * 1024;

/** Event ids seen within the last `ttlMs`, bounded in number (oldest forgotten first). */
export class ReplayGuard {
  readonly #seen = new Map<string, number>();
  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 100_000,
  ) {}

  has(id: string, now: number): boolean {
    const until = this.#seen.get(id);
    return until !== undefined && until > now;
  }

  remember(id: string, now: number): void {
    for (const [key, until] of this.#seen) {
      if (until > now && this.#seen.size < this.maxEntries) break;
      this.#seen.delete(key);
    }
    this.#seen.set(id, now + this.ttlMs);
  }
}

export function platformHooksModule(options: {
  secret: string;
  ticketUpdates: Topic<Ticket>;
  log: Logger;
  /** PLATFORM_WEBHOOK_TOLERANCE_SECONDS (default 300). */
  toleranceSeconds?: number;
  now?: () => Date;
}): HttpModule {
  const tolerance = options.toleranceSeconds ?? 300;
  const now = options.now ?? (() => new Date());
  // An id older than twice the window cannot come back: its signature's timestamp is refused anyway.
  const replays = new ReplayGuard(2 * tolerance * 1000);
  return {
    name: 'platform-hooks',
    mount(app) {
      app.post(PLATFORM_HOOK_PATH, async (c) => {
        const body = await readLimited(c.req.raw, MAX_BYTES);
        const at = now();
        const check = verifyWebhook(body, c.req.header(SIGNATURE_HEADER), options.secret, {
          now: at,
          toleranceSeconds: tolerance,
        });
        if (!check.ok) {
          if (check.reason === 'outside_tolerance') {
            throw new ApiError(401, 'stale_signature', `the signature's timestamp is more than ${tolerance} s off`);
          }
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
        const { id, ticket } = event.data;
        if (replays.has(id, at.getTime())) {
          options.log.warn({ eventId: id, ticketId: ticket.ticketId }, 'platform webhook replayed; ignored');
          throw new ApiError(409, 'replayed', `event ${id} was already received`);
        }
        const failures = await options.ticketUpdates.publish(ticket);
        for (const err of failures)
          options.log.error({ err, ticketId: ticket.ticketId }, 'ticket update listener failed');
        // Remembered only once handled, so the platform's retry of a failed delivery is not taken for a replay.
        if (failures.length > 0) throw new ApiError(503, 'not_applied', 'the update could not be applied; retry later');
        replays.remember(id, at.getTime());
        return c.json({ ok: true });
      });
    },
  };
}
