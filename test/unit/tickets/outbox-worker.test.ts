import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { openSqliteStorage } from '../../../adapters/storage-sqlite/index.js';
import { PlatformError } from '../../../src/ports/platform.js';
import { backoffDelay, createOutboxWorker } from '../../../src/tickets/outbox-worker.js';

const log = pino({ level: 'silent' });

describe('outbox worker', () => {
  it('completes items, retries retryable failures later and gives up on the others', async () => {
    const storage = await openSqliteStorage({ file: ':memory:' });
    let clock = new Date(Date.now() + 1000);
    const calls: string[] = [];
    let platformUp = false;
    const dead: string[] = [];
    const worker = createOutboxWorker({
      outbox: storage.outbox,
      log,
      now: () => clock,
      baseDelayMs: 1000,
      handlers: {
        create_ticket: async (item) => {
          calls.push(item.idempotencyKey);
          if (!platformUp) throw new PlatformError(503, 'unavailable', 'platform down');
          return { ticketId: 'T1' };
        },
        bad: async () => {
          throw new PlatformError(422, 'invalid', 'rejected');
        },
      },
      onDead: (item) => {
        dead.push(item.idempotencyKey);
      },
    });
    const a = await storage.outbox.enqueue({ kind: 'create_ticket', payload: {}, idempotencyKey: 'a' });
    await storage.outbox.enqueue({ kind: 'bad', payload: {}, idempotencyKey: 'b' });
    await storage.outbox.enqueue({ kind: 'unknown', payload: {}, idempotencyKey: 'c' });

    expect(await worker.drain()).toBe(3);
    expect(dead).toEqual(['b', 'c']);
    expect(await storage.outbox.get(a.id)).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastError: 'platform down',
    });
    expect(await worker.drain()).toBe(0);

    platformUp = true;
    clock = new Date(clock.getTime() + 1000);
    expect(await worker.drain()).toBe(1);
    expect(await storage.outbox.get(a.id)).toMatchObject({ status: 'done', result: { ticketId: 'T1' } });
    expect(calls).toEqual(['a', 'a']);
    await storage.close();
  });

  it('backs off exponentially up to a ceiling', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, 1000, 5000))).toEqual([1000, 2000, 4000, 5000]);
  });
});
