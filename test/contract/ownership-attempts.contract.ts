/** Every OwnershipAttempts implementation keeps failed ownership proofs the same way. */
import { beforeEach, describe, expect, it } from 'vitest';
import type { OwnershipAttempt, OwnershipAttempts } from '../../src/ports/ownership-attempts.js';

const attempt = (over: Partial<OwnershipAttempt>): OwnershipAttempt => ({
  orderNo: 'KM20261118000201',
  sender: 'rest:mallory',
  channel: 'rest',
  conversationId: 'rest:mallory',
  at: '2026-11-26T12:00:00.000Z',
  locked: null,
  ...over,
});

export function describeOwnershipAttemptsContract(name: string, make: () => Promise<OwnershipAttempts>): void {
  describe(`OwnershipAttempts contract: ${name}`, () => {
    let store: OwnershipAttempts;
    beforeEach(async () => {
      store = await make();
    });

    it('counts failures on an order since a time, all senders and one sender, newest first', async () => {
      await store.record(attempt({ at: '2026-11-25T09:00:00.000Z' }));
      await store.record(attempt({ at: '2026-11-26T10:00:00.000Z' }));
      await store.record(attempt({ at: '2026-11-26T11:00:00.000Z', sender: 'telegram:42', channel: 'telegram' }));
      await store.record(attempt({ at: '2026-11-26T11:30:00.000Z' }));
      await store.record(attempt({ at: '2026-11-26T11:45:00.000Z', orderNo: 'KM20261118000101' }));
      const f = await store.failures('KM20261118000201', 'rest:mallory', '2026-11-26T00:00:00.000Z', 10);
      expect(f.byOrder).toEqual(['2026-11-26T11:30:00.000Z', '2026-11-26T11:00:00.000Z', '2026-11-26T10:00:00.000Z']);
      expect(f.bySender).toEqual(['2026-11-26T11:30:00.000Z', '2026-11-26T10:00:00.000Z']);
    });

    it('returns at most `limit` of each', async () => {
      for (let i = 0; i < 5; i++) await store.record(attempt({ at: `2026-11-26T1${i}:00:00.000Z` }));
      const f = await store.failures('KM20261118000201', 'rest:mallory', '2026-11-26T00:00:00.000Z', 2);
      expect(f.byOrder).toEqual(['2026-11-26T14:00:00.000Z', '2026-11-26T13:00:00.000Z']);
      expect(f.bySender).toHaveLength(2);
    });

    it('keeps every attempt for agents, with the lock it caused', async () => {
      await store.record(attempt({ at: '2026-11-26T10:00:00.000Z' }));
      await store.record(attempt({ at: '2026-11-26T10:01:00.000Z', locked: 'sender' }));
      const history = await store.history('KM20261118000201');
      expect(history).toEqual([
        attempt({ at: '2026-11-26T10:01:00.000Z', locked: 'sender' }),
        attempt({ at: '2026-11-26T10:00:00.000Z' }),
      ]);
      expect(await store.history('KM20990101000000')).toEqual([]);
      expect(await store.history('KM20261118000201', 1)).toHaveLength(1);
    });
  });
}
