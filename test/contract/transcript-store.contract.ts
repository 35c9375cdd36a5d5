/**
 * What retention needs of a TranscriptStore (expired, markPurged, countAttachmentRefs), and that a
 * chain written through the recorder reads back verifiable. Run against every implementation.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TranscriptStore } from '../../src/ports/transcript-store.js';
import { ChainRecorder } from '../../src/transcript/recorder.js';
import { verifyStored } from '../../src/transcript/verify.js';

const png = (n: number) => ({ sha256: n.toString(16).padStart(64, 'a'), mime: 'image/png', bytes: 10, name: 'x.png' });

export function describeTranscriptStoreContract(
  name: string,
  open: () => Promise<{ store: TranscriptStore; close(): Promise<void> }>,
): void {
  describe(`TranscriptStore contract: ${name}`, () => {
    let opened: { store: TranscriptStore; close(): Promise<void> };
    let store: TranscriptStore;
    let now: Date;
    let recorder: ChainRecorder;

    beforeEach(async () => {
      opened = await open();
      store = opened.store;
      now = new Date('2023-01-01T00:00:00.000Z');
      recorder = new ChainRecorder({ store, now: () => now });
      await recorder.record('a', {
        direction: 'in',
        channel: 'rest',
        actor: 'b',
        type: 'text',
        payload: { text: '你好 <b>' },
      });
      await recorder.record('a', {
        direction: 'in',
        channel: 'rest',
        actor: 'b',
        type: 'attachment',
        payload: {},
        attachments: [png(1)],
      });
      now = new Date('2026-01-01T00:00:00.000Z');
      await recorder.record('a', { direction: 'out', channel: 'rest', actor: 'bot', type: 'text', payload: 'ok' });
      await recorder.record('b', {
        direction: 'in',
        channel: 'rest',
        actor: 'c',
        type: 'attachment',
        payload: {},
        attachments: [png(1), png(2)],
      });
    });
    afterEach(async () => {
      await opened.close();
    });

    it('a chain written through the recorder reads back verifiable', async () => {
      expect(await verifyStored(store, 'a')).toMatchObject({ ok: true, entries: 3 });
    });

    it('listStored, where offered, is list with each payload as its stored canonical JSON', async () => {
      if (!store.listStored) return;
      const listed = await store.list('a', { fromSeq: 2 });
      const stored = await store.listStored('a', { fromSeq: 2 });
      expect(stored.map(({ payloadJson, ...rest }) => ({ ...rest, payload: JSON.parse(payloadJson) }))).toEqual(listed);
      expect(stored.map((e) => e.payloadJson)).toEqual(['{}', '"ok"']);
    });

    it('lists unpurged entries older than a time, oldest first, limited', async () => {
      const old = await store.expired('2024-01-01T00:00:00.000Z', 10);
      expect(old.map((e) => [e.conversationId, e.seq])).toEqual([
        ['a', 1],
        ['a', 2],
      ]);
      expect(await store.expired('2024-01-01T00:00:00.000Z', 1)).toHaveLength(1);
      expect(await store.expired('2027-01-01T00:00:00.000Z', 10)).toHaveLength(4);
    });

    it('pages through expired entries after a given one (a dry run purges nothing)', async () => {
      const all = await store.expired('2027-01-01T00:00:00.000Z', 10);
      const seen: Array<[string, number]> = [];
      let after: { at: string; conversationId: string; seq: number } | undefined;
      for (;;) {
        const page = await store.expired('2027-01-01T00:00:00.000Z', 1, after);
        if (page.length === 0) break;
        const e = page[0]!;
        seen.push([e.conversationId, e.seq]);
        after = { at: e.at, conversationId: e.conversationId, seq: e.seq };
      }
      expect(seen).toEqual(all.map((e) => [e.conversationId, e.seq]));
    });

    it('marks entries purged: payload null, marker kept, other fields unchanged, not listed again', async () => {
      const [first] = await store.list('a', { limit: 1 });
      await store.markPurged([
        { conversationId: 'a', seq: 1, marker: { payloadHash: 'f'.repeat(64), purgedAt: '2026-11-26T00:00:00.000Z' } },
      ]);
      const [after] = await store.list('a', { limit: 1 });
      expect(after).toEqual({
        ...first,
        payload: null,
        purged: { payloadHash: 'f'.repeat(64), purgedAt: '2026-11-26T00:00:00.000Z' },
      });
      expect((await store.expired('2024-01-01T00:00:00.000Z', 10)).map((e) => e.seq)).toEqual([2]);
    });

    it('counts unpurged references to an attachment', async () => {
      expect(await store.countAttachmentRefs(png(1).sha256)).toBe(2);
      expect(await store.countAttachmentRefs(png(2).sha256)).toBe(1);
      expect(await store.countAttachmentRefs(png(3).sha256)).toBe(0);
      await store.markPurged([
        { conversationId: 'a', seq: 2, marker: { payloadHash: 'f'.repeat(64), purgedAt: '2026-11-26T00:00:00.000Z' } },
      ]);
      expect(await store.countAttachmentRefs(png(1).sha256)).toBe(1);
    });

    it('counts only references at or after a time when asked', async () => {
      expect(await store.countAttachmentRefs(png(1).sha256, '2024-01-01T00:00:00.000Z')).toBe(1);
      expect(await store.countAttachmentRefs(png(2).sha256, '2027-01-01T00:00:00.000Z')).toBe(0);
    });
  });
}
