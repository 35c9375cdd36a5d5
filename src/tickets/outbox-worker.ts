/**
 * Drains the outbox: calls to the platform that must happen even if the platform is down when the
 * buyer confirms. Each kind has a handler; retryable failures back off exponentially, others and
 * exhausted items are marked dead (and reported through `onDead`).
 */
import type { JsonValue } from '../core/json.js';
import type { Logger } from '../core/log.js';
import type { Outbox, OutboxItem } from '../ports/outbox.js';
import { PlatformError } from '../ports/platform.js';

export type OutboxHandler = (item: OutboxItem) => Promise<JsonValue>;

export interface OutboxWorkerOptions {
  outbox: Outbox;
  handlers: Record<string, OutboxHandler>;
  log: Logger;
  /** Polling interval when idle. */
  intervalMs?: number;
  /** Attempts before an item is given up. */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  onDone?: (item: OutboxItem, result: JsonValue) => void | Promise<void>;
  onDead?: (item: OutboxItem, error: string) => void | Promise<void>;
  now?: () => Date;
}

export interface OutboxWorker {
  /** Processes everything due now; resolves with the number of items handled. */
  drain(): Promise<number>;
  start(): void;
  stop(): Promise<void>;
}

export function backoffDelay(attempt: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
}

export function createOutboxWorker(options: OutboxWorkerOptions): OutboxWorker {
  const { outbox, handlers, log } = options;
  const now = options.now ?? (() => new Date());
  const maxAttempts = options.maxAttempts ?? 12;
  const base = options.baseDelayMs ?? 2_000;
  const max = options.maxDelayMs ?? 10 * 60_000;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;

  async function handle(item: OutboxItem): Promise<void> {
    const handler = handlers[item.kind];
    if (!handler) {
      await outbox.fail(item.id, `no handler for outbox kind ${item.kind}`);
      await options.onDead?.(item, `no handler for ${item.kind}`);
      return;
    }
    try {
      const result = await handler(item);
      await outbox.complete(item.id, result);
      await options.onDone?.(item, result);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const retryable = err instanceof PlatformError ? err.retryable : true;
      const attempt = item.attempts + 1;
      if (retryable && attempt < maxAttempts) {
        const at = new Date(now().getTime() + backoffDelay(attempt, base, max));
        await outbox.retryLater(item.id, at, message);
        log.warn(
          { outboxId: item.id, kind: item.kind, attempt, retryAt: at.toISOString(), err: message },
          'outbox call failed; will retry',
        );
      } else {
        await outbox.fail(item.id, message);
        log.error({ outboxId: item.id, kind: item.kind, attempt, err: message }, 'outbox call given up');
        await options.onDead?.(item, message);
      }
    }
  }

  async function drainOnce(): Promise<number> {
    let handled = 0;
    for (;;) {
      const due = await outbox.due(now(), 20);
      if (due.length === 0) return handled;
      for (const item of due) await handle(item);
      handled += due.length;
    }
  }

  const drain = (): Promise<number> => {
    running ??= drainOnce().finally(() => {
      running = undefined;
    });
    return running;
  };

  return {
    drain,
    start() {
      if (timer) return;
      const tick = () => {
        drain()
          .catch((err: unknown) => log.error({ err }, 'outbox drain failed'))
          .finally(() => {
            if (timer) timer = setTimeout(tick, options.intervalMs ?? 1_000).unref();
          });
      };
      timer = setTimeout(tick, 0).unref();
    },
    async stop() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      await running;
    },
  };
}
