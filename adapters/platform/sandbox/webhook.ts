/**
 * Sends `ticket.updated` to refund-desk, signed (`X-Signature: t=…,v1=…`), without ever blocking the
 * API call. Every event goes to the installation the sandbox belongs to and to each subscriber
 * registered with `POST /v1/sandbox/webhooks` (another installation sharing this sandbox); each
 * receiver ignores tickets it did not open. With a database, events not yet delivered are kept there
 * and sent again after a restart.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Ticket, TicketUpdatedEvent } from '../../../src/ports/platform.js';
import { SIGNATURE_HEADER, signWebhook } from '../../../src/server/webhook-signature.js';
import type { SandboxDb } from './database.js';
import { sleep } from './faults.js';

export { SIGNATURE_HEADER };

/** The installation the sandbox belongs to. */
const SELF = 'self';
/** Rounds of attempts (each with its own quick retries) before an event is dropped. */
const MAX_ROUNDS = 8;

export interface WebhookOptions {
  /** The receiver; a function when it is only known once the server listens (PORT=0). */
  url: string | (() => string);
  secret: string;
  log?: Logger;
  /** Quick retries after the first attempt of a round (default 2). */
  retries?: number;
  retryDelayMs?: number;
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** Keeps undelivered events and subscribers across restarts. */
  db?: SandboxDb;
  /** How often undelivered events are tried again (default 30 s). */
  resendEveryMs?: number;
  now?: () => Date;
}

export interface WebhookSender {
  /** Queues the notification and returns at once. */
  ticketUpdated(ticket: Ticket): void;
  /** Another receiver for every event from now on (sandbox only). */
  subscribe(url: string, secret: string): { id: string; url: string };
  /** Starts sending what is still undelivered (also what a previous process left), and keeps doing so. */
  start(): void;
  /** Resolves when every attempt in flight has finished (for tests and shutdown). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

interface Pending {
  key: string;
  eventId: string;
  target: string;
  body: string;
  rounds: number;
}

interface Target {
  url: string;
  secret: string;
}

export function createWebhookSender(options: WebhookOptions): WebhookSender {
  const doFetch = options.fetch ?? fetch;
  const retries = options.retries ?? 2;
  const now = options.now ?? (() => new Date());
  const db = options.db;
  const inFlight = new Set<Promise<void>>();
  const sending = new Set<string>();
  const memory = { subscribers: new Map<string, Target>(), pending: new Map<string, Pending>() };
  let timer: NodeJS.Timeout | undefined;

  const targetOf = (id: string): Target | undefined => {
    if (id === SELF)
      return { url: typeof options.url === 'function' ? options.url() : options.url, secret: options.secret };
    if (!db) return memory.subscribers.get(id);
    const row = db.prepare('SELECT url, secret FROM webhook_subscribers WHERE id = ?').get(id) as Target | undefined;
    return row;
  };
  const targets = (): string[] =>
    db
      ? [
          SELF,
          ...(db.prepare('SELECT id FROM webhook_subscribers ORDER BY created_at').all() as { id: string }[]).map(
            (r) => r.id,
          ),
        ]
      : [SELF, ...memory.subscribers.keys()];

  const store = {
    add(p: Pending) {
      if (!db) return void memory.pending.set(p.key, p);
      db.prepare(
        'INSERT INTO webhook_outbox (key, event_id, target, body, rounds, created_at) VALUES (?, ?, ?, ?, 0, ?)',
      ).run(p.key, p.eventId, p.target, p.body, now().toISOString());
    },
    done(key: string) {
      if (!db) return void memory.pending.delete(key);
      db.prepare('DELETE FROM webhook_outbox WHERE key = ?').run(key);
    },
    failedRound(p: Pending) {
      p.rounds += 1;
      if (!db) return;
      db.prepare('UPDATE webhook_outbox SET rounds = ? WHERE key = ?').run(p.rounds, p.key);
    },
    all(): Pending[] {
      if (!db) return [...memory.pending.values()];
      return (
        db
          .prepare('SELECT key, event_id AS eventId, target, body, rounds FROM webhook_outbox ORDER BY created_at')
          .all() as Pending[]
      ).map((p) => ({ ...p }));
    },
  };

  /** true: delivered or refused for good; false: try again later. */
  async function attempt(p: Pending): Promise<boolean> {
    const target = targetOf(p.target);
    if (!target) return true;
    for (let n = 0; n <= retries; n++) {
      if (n > 0) await sleep((options.retryDelayMs ?? 500) * 2 ** (n - 1));
      try {
        const res = await doFetch(target.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            [SIGNATURE_HEADER]: signWebhook(p.body, target.secret, now()),
          },
          body: p.body,
          signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
        });
        await res.body?.cancel();
        if (res.ok) return true;
        // A 4xx other than 429 will not get better by repeating it.
        if (res.status < 500 && res.status !== 429) {
          options.log?.warn({ status: res.status, eventId: p.eventId, url: target.url }, 'webhook refused');
          return true;
        }
      } catch (err) {
        options.log?.debug({ err, attempt: n, eventId: p.eventId }, 'webhook attempt failed');
      }
    }
    return false;
  }

  function send(p: Pending): void {
    if (sending.has(p.key)) return;
    sending.add(p.key);
    const job = (async () => {
      try {
        if (await attempt(p)) store.done(p.key);
        else {
          store.failedRound(p);
          if (p.rounds >= MAX_ROUNDS) {
            options.log?.warn({ eventId: p.eventId, target: p.target }, 'webhook not delivered, giving up');
            store.done(p.key);
          }
        }
      } catch (err) {
        options.log?.error({ err, eventId: p.eventId }, 'webhook delivery failed');
      } finally {
        sending.delete(p.key);
      }
    })();
    inFlight.add(job);
    void job.finally(() => inFlight.delete(job));
  }

  const resend = () => {
    for (const p of store.all()) send(p);
  };

  return {
    ticketUpdated(ticket) {
      const eventId = randomUUID();
      const event: TicketUpdatedEvent = { event: 'ticket.updated', id: eventId, ticket };
      const body = JSON.stringify(event);
      for (const target of targets()) {
        const p: Pending = { key: `${eventId}:${target}`, eventId, target, body, rounds: 0 };
        store.add(p);
        send(p);
      }
    },
    subscribe(url, secret) {
      const id = randomUUID();
      if (db) {
        db.prepare('INSERT INTO webhook_subscribers (id, url, secret, created_at) VALUES (?, ?, ?, ?)').run(
          id,
          url,
          secret,
          now().toISOString(),
        );
      } else memory.subscribers.set(id, { url, secret });
      return { id, url };
    },
    start() {
      resend();
      timer ??= setInterval(resend, options.resendEveryMs ?? 30_000);
      timer.unref();
    },
    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    async stop() {
      clearInterval(timer);
      timer = undefined;
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}
