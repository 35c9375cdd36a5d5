import { describe, expect, it } from 'vitest';
import { SeqConflictError, type TranscriptEntry } from '../../../src/ports/transcript-store.js';
import { GENESIS_HASH } from '../../../src/transcript/canonical.js';
import { MemoryTranscriptStore } from '../../../src/transcript/memory-store.js';
import { ChainRecorder, eventPayload } from '../../../src/transcript/recorder.js';
import { verifyStored } from '../../../src/transcript/verify.js';
import { reply, say, steppingClock, wrapStore } from './fixtures.js';

describe('ChainRecorder', () => {
  it('chains entries from the genesis hash, numbering from 1', async () => {
    const store = new MemoryTranscriptStore();
    const recorder = new ChainRecorder({ store, now: steppingClock() });
    const first = await recorder.record('c1', say('我的卡密无效'));
    const second = await recorder.record('c1', reply('请上传报错截图'));
    expect(first).toMatchObject({ seq: 1, prevHash: GENESIS_HASH, at: '2026-11-26T10:00:01.000Z' });
    expect(second).toMatchObject({ seq: 2, prevHash: first.hash });
    expect(await recorder.head('c1')).toEqual({ seq: 2, hash: second.hash });
    expect((await verifyStored(store, 'c1')).ok).toBe(true);
  });

  it('serialises concurrent appends per conversation and keeps conversations apart', async () => {
    const store = new MemoryTranscriptStore();
    const recorder = new ChainRecorder({ store });
    await Promise.all(
      Array.from({ length: 50 }, (_, i) => recorder.record(i % 2 === 0 ? 'a' : 'b', say(`message ${i}`))),
    );
    expect(await store.count('a')).toBe(25);
    expect(await store.count('b')).toBe(25);
    expect((await store.list('a')).map((e) => e.payload)).toEqual(
      Array.from({ length: 25 }, (_, i) => ({ text: `message ${i * 2}` })),
    );
    expect((await verifyStored(store, 'a')).ok).toBe(true);
    expect((await verifyStored(store, 'b')).ok).toBe(true);
  });

  it('resolves only after the store has written the entry', async () => {
    const store = new MemoryTranscriptStore();
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const slow = wrapStore(store, {
      append: async (e: TranscriptEntry) => {
        await gate;
        await store.append(e);
      },
    });
    const recorder = new ChainRecorder({ store: slow });
    let resolved = false;
    const pending = recorder.record('c1', say('hi')).then(() => {
      resolved = true;
    });
    await new Promise((r) => setImmediate(r));
    expect(resolved).toBe(false);
    release();
    await pending;
    expect(await store.count('c1')).toBe(1);
  });

  it('a failed append rejects that record only; the next one continues the chain', async () => {
    const store = new MemoryTranscriptStore();
    let fail = true;
    const flaky = wrapStore(store, {
      append: async (e: TranscriptEntry) => {
        if (fail) {
          fail = false;
          throw new Error('disk full');
        }
        await store.append(e);
      },
    });
    const recorder = new ChainRecorder({ store: flaky });
    await expect(recorder.record('c1', say('one'))).rejects.toThrow('disk full');
    const entry = await recorder.record('c1', say('two'));
    expect(entry.seq).toBe(1);
    expect((await verifyStored(store, 'c1')).ok).toBe(true);
  });

  it('retries on a seq taken by another instance sharing the store', async () => {
    const store = new MemoryTranscriptStore();
    const one = new ChainRecorder({ store });
    const two = new ChainRecorder({ store });
    await one.record('c1', say('from one'));
    await two.record('c1', say('from two'));
    const third = await one.record('c1', say('one again')); // one's cached head is stale
    expect(third.seq).toBe(3);
    expect((await verifyStored(store, 'c1')).ok).toBe(true);
  });

  it('gives up with SeqConflictError after the retries', async () => {
    const store = new MemoryTranscriptStore();
    const jammed = wrapStore(store, {
      append: async (e: TranscriptEntry) => {
        throw new SeqConflictError(e.conversationId, e.seq);
      },
    });
    const recorder = new ChainRecorder({ store: jammed, maxConflictRetries: 2 });
    await expect(recorder.record('c1', say('x'))).rejects.toBeInstanceOf(SeqConflictError);
  });

  it('records events with their name and data', async () => {
    const recorder = new ChainRecorder({ store: new MemoryTranscriptStore() });
    const entry = await recorder.record('c1', {
      direction: 'system',
      channel: 'rest',
      actor: 'refund-desk',
      type: 'event',
      payload: eventPayload('scenario_classified', { scenario: 'defective', confidence: 0.91 }),
    });
    expect(entry.payload).toEqual({ event: 'scenario_classified', data: { scenario: 'defective', confidence: 0.91 } });
  });
});
