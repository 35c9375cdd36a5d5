import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../src/transcript/canonical.js';
import { MemoryTranscriptStore } from '../../../src/transcript/memory-store.js';
import { ChainRecorder } from '../../../src/transcript/recorder.js';
import { purgeExpired } from '../../../src/transcript/retention.js';
import { verifyStored } from '../../../src/transcript/verify.js';
import { viewEntry } from '../../../src/transcript/view.js';
import { PNG_1x1, reply, say } from './fixtures.js';

const png = { sha256: sha256Hex(PNG_1x1), mime: 'image/png', bytes: PNG_1x1.byteLength, name: 'a.png' };

async function setup() {
  const store = new MemoryTranscriptStore();
  let now = new Date('2023-01-01T00:00:00.000Z');
  const recorder = new ChainRecorder({ store, now: () => now });
  await recorder.record('old', say('卡密 ABCD-EFGH-1234-5678'));
  await recorder.record('old', { ...say(''), type: 'attachment', payload: {}, attachments: [png] });
  now = new Date('2026-06-01T00:00:00.000Z');
  await recorder.record('old', reply('still here'));
  await recorder.record('new', { ...say(''), type: 'attachment', payload: {}, attachments: [png] });
  const blobs = new Map([[png.sha256, new Uint8Array(PNG_1x1)]]);
  const remover = { remove: async (s: string) => blobs.delete(s) };
  return { store, blobs, remover, readAttachment: async (s: string) => blobs.get(s) ?? null };
}

describe('retention purge', () => {
  const now = new Date('2026-11-26T00:00:00.000Z');

  it('removes expired bodies, keeps hashes, and the chain still verifies', async () => {
    const { store, remover, readAttachment } = await setup();
    const report = await purgeExpired({ store, blobs: remover, retentionDays: 1095, now });
    expect(report).toMatchObject({
      entries: 2,
      conversations: 1,
      attachmentsRemoved: 0,
      cutoff: '2023-11-27T00:00:00.000Z',
    });
    const [first, second, third] = store.raw('old');
    expect(first!.payload).toBeNull();
    expect(first!.purged).toEqual({
      payloadHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      purgedAt: now.toISOString(),
    });
    expect(second!.purged).toBeDefined();
    expect(third!.purged).toBeUndefined();
    const verified = await verifyStored(store, 'old', { readAttachment });
    expect(verified).toMatchObject({ ok: true, entries: 3, purged: 2 });
    expect(viewEntry(first!, true)).toMatchObject({ payload: null, purged: true });
  });

  it('removes attachment bytes once no unexpired entry references them', async () => {
    const { store, blobs, remover } = await setup();
    await purgeExpired({ store, blobs: remover, retentionDays: 1095, now });
    expect(blobs.size).toBe(1); // the 'new' conversation still uses the same bytes
    const later = new Date('2030-01-01T00:00:00.000Z');
    const report = await purgeExpired({ store, blobs: remover, retentionDays: 1095, now: later });
    expect(report).toMatchObject({ entries: 2, attachmentsRemoved: 1 });
    expect(blobs.size).toBe(0);
    expect((await verifyStored(store, 'new', { readAttachment: async () => null })).ok).toBe(true);
  });

  it('a dry run changes nothing', async () => {
    const { store, remover } = await setup();
    const report = await purgeExpired({ store, blobs: remover, retentionDays: 1095, now, dryRun: true });
    expect(report).toMatchObject({ entries: 2, dryRun: true });
    expect(store.raw('old')[0]!.purged).toBeUndefined();
  });

  it('a dry run counts every expired entry and the bytes a purge would remove, past the first batch', async () => {
    const { store, remover, blobs } = await setup();
    const later = new Date('2030-01-01T00:00:00.000Z');
    const dry = await purgeExpired({
      store,
      blobs: remover,
      retentionDays: 1095,
      now: later,
      dryRun: true,
      batchSize: 1,
    });
    expect(dry).toMatchObject({ entries: 4, conversations: 2, attachmentsRemoved: 1 });
    expect(blobs.size).toBe(1);
    const real = await purgeExpired({ store, blobs: remover, retentionDays: 1095, now: later, batchSize: 1 });
    expect(real).toMatchObject({ entries: dry.entries, conversations: dry.conversations, attachmentsRemoved: 1 });
  });

  it('a forged purge marker does not verify', async () => {
    const { store, remover } = await setup();
    await purgeExpired({ store, blobs: remover, retentionDays: 1095, now });
    store.raw('old')[0]!.purged!.payloadHash = sha256Hex('{}');
    expect((await verifyStored(store, 'old')).broken).toMatchObject({ seq: 1, reason: 'hash_mismatch' });
  });

  it('is idempotent', async () => {
    const { store, remover } = await setup();
    await purgeExpired({ store, blobs: remover, retentionDays: 1095, now });
    expect(await purgeExpired({ store, blobs: remover, retentionDays: 1095, now })).toMatchObject({ entries: 0 });
  });
});
