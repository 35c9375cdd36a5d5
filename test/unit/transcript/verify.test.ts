import { beforeEach, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../src/transcript/canonical.js';
import { MemoryTranscriptStore } from '../../../src/transcript/memory-store.js';
import { ChainRecorder } from '../../../src/transcript/recorder.js';
import { verifyEntries, verifyStored } from '../../../src/transcript/verify.js';
import { PNG_1x1, reply, say, steppingClock } from './fixtures.js';

const C = 'rest:buyer-1';

describe('verify: tamper cases', () => {
  let store: MemoryTranscriptStore;
  const blobs = new Map<string, Uint8Array>();
  const readAttachment = async (sha: string) => blobs.get(sha) ?? null;

  beforeEach(async () => {
    store = new MemoryTranscriptStore();
    blobs.clear();
    const recorder = new ChainRecorder({ store, now: steppingClock() });
    const sha = sha256Hex(PNG_1x1);
    blobs.set(sha, new Uint8Array(PNG_1x1));
    await recorder.record(C, say('订单 KM20261118004217 卡密无效'));
    await recorder.record(C, reply('请上传报错截图'));
    await recorder.record(C, {
      ...say(''),
      type: 'attachment',
      payload: { claimedName: 'err.png', claimedType: 'image/png' },
      attachments: [{ sha256: sha, mime: 'image/png', bytes: PNG_1x1.byteLength, name: 'err.png' }],
    });
    await recorder.record(C, reply('已收到截图'));
    await recorder.record(C, say('谢谢'));
  });

  it('an untouched transcript verifies, with entry count and head hash', async () => {
    const report = await verifyStored(store, C, { readAttachment });
    expect(report).toMatchObject({ ok: true, entries: 5, headHash: store.raw(C)[4]!.hash, attachmentsChecked: 1 });
  });

  it('reports a changed payload at that entry', async () => {
    store.raw(C)[1]!.payload = { text: '已为您退款', citations: ['RP-03'] };
    const report = await verifyStored(store, C, { readAttachment });
    expect(report.ok).toBe(false);
    expect(report.broken).toMatchObject({ seq: 2, reason: 'hash_mismatch' });
    expect(report.headHash).toBeNull();
  });

  it('reports a changed field other than the payload (time, actor)', async () => {
    store.raw(C)[3]!.at = '2026-11-20T00:00:00.000Z';
    expect((await verifyStored(store, C)).broken).toMatchObject({ seq: 4, reason: 'hash_mismatch' });
  });

  it('reports a rewritten entry whose hash was recomputed, at the entry after it', async () => {
    const [, second, third] = store.raw(C);
    second!.hash = 'f'.repeat(64);
    expect((await verifyStored(store, C)).broken).toMatchObject({ seq: 2, reason: 'hash_mismatch' });
    expect(third!.prevHash).not.toBe(second!.hash);
  });

  it('reports two swapped entries (contents swapped under their seq numbers)', async () => {
    const rows = store.raw(C);
    const [a, b] = [rows[1]!, rows[2]!];
    rows[1] = { ...b, seq: 2 };
    rows[2] = { ...a, seq: 3 };
    const report = await verifyStored(store, C);
    expect(report.broken).toMatchObject({ seq: 2, reason: 'prev_hash_mismatch' });
  });

  it('reports two swapped entries with their own seq numbers kept', async () => {
    const rows = store.raw(C);
    [rows[1], rows[2]] = [rows[2]!, rows[1]!];
    const report = await verifyEntries(C, rows);
    expect(report.broken).toMatchObject({ seq: 2, reason: 'seq_gap' });
  });

  it('reports a deleted entry as missing', async () => {
    store.raw(C).splice(2, 1);
    const report = await verifyStored(store, C);
    expect(report.broken).toMatchObject({ seq: 3, reason: 'seq_gap' });
    expect(report.broken?.detail).toContain('entry 3 is missing');
  });

  it('reports a deleted last entry only against the head hash a ticket recorded', async () => {
    const ticketHead = store.raw(C)[4]!.hash;
    store.raw(C).pop();
    expect((await verifyStored(store, C)).ok).toBe(true);
    const report = await verifyStored(store, C, { anchors: [ticketHead] });
    expect(report.broken).toMatchObject({ reason: 'anchor_missing' });
  });

  it("finds a ticket's head hash in the chain", async () => {
    const ticketHead = store.raw(C)[2]!.hash;
    const report = await verifyStored(store, C, { anchors: [ticketHead] });
    expect(report.ok).toBe(true);
    expect(report.anchors).toEqual([{ hash: ticketHead, seq: 3 }]);
  });

  it('reports an attachment whose bytes were edited', async () => {
    const sha = sha256Hex(PNG_1x1);
    const edited = new Uint8Array(PNG_1x1);
    edited[edited.length - 20] ^= 0xff;
    blobs.set(sha, edited);
    const report = await verifyStored(store, C, { readAttachment });
    expect(report.broken).toMatchObject({ seq: 3, reason: 'attachment_mismatch' });
  });

  it('reports an attachment whose bytes are gone', async () => {
    blobs.clear();
    expect((await verifyStored(store, C, { readAttachment })).broken).toMatchObject({
      seq: 3,
      reason: 'attachment_missing',
    });
  });

  it('reads long transcripts page by page', async () => {
    expect((await verifyStored(store, C, { pageSize: 2 })).entries).toBe(5);
    store.raw(C)[4]!.actor = 'someone-else';
    expect((await verifyStored(store, C, { pageSize: 2 })).broken?.seq).toBe(5);
  });

  it('an empty transcript verifies with no head', async () => {
    expect(await verifyStored(store, 'nobody')).toMatchObject({ ok: true, entries: 0, headHash: null });
  });
});
