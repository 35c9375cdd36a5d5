/**
 * The contract every Storage implementation must pass (SQLite now, PostgreSQL later).
 * Call `describeStorageContract` from a test file with a factory that opens a fresh, empty storage.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VersionConflictError } from '../../src/ports/conversation-store.js';
import type { Storage } from '../../src/ports/storage.js';
import type { BotTicket } from '../../src/ports/ticket-store.js';
import { SeqConflictError, type TranscriptEntry } from '../../src/ports/transcript-store.js';

const hash = (n: number) => n.toString(16).padStart(64, '0');

function entry(
  conversationId: string,
  seq: number,
  payload: TranscriptEntry['payload'] = { text: `m${seq}` },
): TranscriptEntry {
  return {
    conversationId,
    seq,
    at: new Date(Date.UTC(2026, 10, 26, 12, 0, seq)).toISOString(),
    direction: seq % 2 === 0 ? 'in' : 'out',
    channel: 'rest',
    actor: seq % 2 === 0 ? 'buyer:b1' : 'bot',
    type: 'text',
    payload,
    attachments: seq === 3 ? [{ sha256: hash(99), mime: 'image/png', bytes: 10, name: 'x.png' }] : [],
    prevHash: hash(seq),
    hash: hash(seq + 1),
  };
}

function ticket(id: string, overrides: Partial<BotTicket> = {}): BotTicket {
  return {
    ticketId: id,
    orderNo: 'KM20261118004217',
    buyerId: 'b1',
    conversationId: 'rest:b1',
    channel: 'rest',
    scenario: 'not_delivered',
    assessment: { result: 'eligible', clauseIds: ['RP-03'], reasons: ['past the promised time'] },
    status: 'open',
    headHash: hash(7),
    slaDueAt: '2026-11-30T10:00:00.000Z',
    createdAt: '2026-11-26T10:00:00.000Z',
    updatedAt: '2026-11-26T10:00:00.000Z',
    ...overrides,
  };
}

export function describeStorageContract(name: string, open: () => Promise<Storage>): void {
  describe(`Storage contract: ${name}`, () => {
    let storage: Storage;
    beforeEach(async () => {
      storage = await open();
    });
    afterEach(async () => {
      await storage.close();
    });

    it('answers ping', async () => {
      expect(await storage.ping()).toBe(true);
    });

    describe('conversations', () => {
      const init = {
        id: 'telegram:42',
        channel: 'telegram' as const,
        address: { chatId: 42 },
        buyerId: null,
        lang: 'zh' as const,
        state: { step: 'idle' },
      };

      it('creates once and returns the existing conversation afterwards', async () => {
        const created = await storage.conversations.getOrCreate(init);
        expect(created).toMatchObject({ ...init, handoff: false, version: 1 });
        const again = await storage.conversations.getOrCreate({ ...init, state: { step: 'other' } });
        expect(again.state).toEqual({ step: 'idle' });
        expect(await storage.conversations.get('telegram:42')).toEqual(created);
        expect(await storage.conversations.get('telegram:43')).toBeNull();
      });

      it('saves with optimistic versions and refuses a stale save', async () => {
        const c = await storage.conversations.getOrCreate(init);
        const saved = await storage.conversations.save({
          ...c,
          state: { step: 'ask_order', n: [1, 2] },
          buyerId: 'b9',
          lang: 'en',
        });
        expect(saved.version).toBe(2);
        const read = await storage.conversations.get(c.id);
        expect(read).toMatchObject({ state: { step: 'ask_order', n: [1, 2] }, buyerId: 'b9', lang: 'en', version: 2 });
        await expect(storage.conversations.save({ ...c, state: { step: 'lost' } })).rejects.toBeInstanceOf(
          VersionConflictError,
        );
        expect((await storage.conversations.get(c.id))?.state).toEqual({ step: 'ask_order', n: [1, 2] });
      });

      it('lists by buyer and the ones handed to a human', async () => {
        const a = await storage.conversations.getOrCreate({ ...init, id: 'rest:a', buyerId: 'b1' });
        await storage.conversations.getOrCreate({ ...init, id: 'rest:b', buyerId: 'b2' });
        await storage.conversations.save({ ...a, handoff: true });
        expect((await storage.conversations.listByBuyer('b1')).map((c) => c.id)).toEqual(['rest:a']);
        expect((await storage.conversations.listHandoff()).map((c) => c.id)).toEqual(['rest:a']);
      });
    });

    describe('transcripts', () => {
      it('appends in order and reports head and count', async () => {
        for (let seq = 1; seq <= 5; seq++) await storage.transcripts.append(entry('c1', seq));
        await storage.transcripts.append(entry('c2', 1));
        expect(await storage.transcripts.head('c1')).toEqual({ seq: 5, hash: hash(6) });
        expect(await storage.transcripts.head('nope')).toBeNull();
        expect(await storage.transcripts.count('c1')).toBe(5);
        const all = await storage.transcripts.list('c1');
        expect(all.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
        expect(all[2]).toEqual(entry('c1', 3));
        expect((await storage.transcripts.list('c1', { fromSeq: 2, limit: 2 })).map((e) => e.seq)).toEqual([2, 3]);
      });

      it('keeps payloads exactly, including unicode and markup', async () => {
        const payload = { text: '卡密 <script>alert(1)</script> 😀 \u0000 "quotes"', n: 1.5, nested: [null, true] };
        await storage.transcripts.append(entry('c1', 1, payload));
        expect((await storage.transcripts.list('c1'))[0]?.payload).toEqual(payload);
      });

      it('refuses a second entry with the same seq and keeps the first', async () => {
        await storage.transcripts.append(entry('c1', 1, { text: 'first' }));
        await expect(storage.transcripts.append(entry('c1', 1, { text: 'second' }))).rejects.toBeInstanceOf(
          SeqConflictError,
        );
        expect((await storage.transcripts.list('c1'))[0]?.payload).toEqual({ text: 'first' });
      });
    });

    describe('attachments', () => {
      it('records metadata per conversation; a repeated put is harmless', async () => {
        const meta = {
          sha256: hash(1),
          mime: 'image/png',
          bytes: 120,
          name: '../../etc/passwd',
          conversationId: 'c1',
          createdAt: '2026-11-26T00:00:00.000Z',
        };
        await storage.attachments.put(meta);
        await storage.attachments.put(meta);
        await storage.attachments.put({ ...meta, sha256: hash(2), createdAt: '2026-11-26T00:00:01.000Z' });
        expect(await storage.attachments.get(hash(1))).toEqual(meta);
        expect(await storage.attachments.get(hash(3))).toBeNull();
        expect((await storage.attachments.listByConversation('c1')).map((m) => m.sha256)).toEqual([hash(1), hash(2)]);
        expect(await storage.attachments.listByConversation('c2')).toEqual([]);
      });
    });

    describe('tickets', () => {
      it('upserts and reads back', async () => {
        await storage.tickets.upsert(ticket('T1'));
        expect(await storage.tickets.get('T1')).toEqual(ticket('T1'));
        await storage.tickets.upsert(ticket('T1', { status: 'approved', updatedAt: '2026-11-27T00:00:00.000Z' }));
        expect(await storage.tickets.get('T1')).toMatchObject({
          status: 'approved',
          updatedAt: '2026-11-27T00:00:00.000Z',
        });
        expect(await storage.tickets.get('T404')).toBeNull();
      });

      it('lists by SLA due time with filters, counts and pages', async () => {
        await storage.tickets.upsert(ticket('T1', { slaDueAt: '2026-12-03T00:00:00.000Z' }));
        await storage.tickets.upsert(
          ticket('T2', {
            slaDueAt: '2026-12-01T00:00:00.000Z',
            scenario: 'defective',
            assessment: { result: 'needs_review', clauseIds: ['RP-05'], reasons: [] },
          }),
        );
        await storage.tickets.upsert(
          ticket('T3', { slaDueAt: '2026-12-02T00:00:00.000Z', channel: 'telegram', orderNo: 'KM20261118000001' }),
        );
        const all = await storage.tickets.list();
        expect(all.total).toBe(3);
        expect(all.items.map((t) => t.ticketId)).toEqual(['T2', 'T3', 'T1']);
        expect((await storage.tickets.list({ scenario: 'defective' })).items.map((t) => t.ticketId)).toEqual(['T2']);
        expect((await storage.tickets.list({ assessment: 'eligible' })).total).toBe(2);
        expect((await storage.tickets.list({ channel: 'telegram' })).items.map((t) => t.ticketId)).toEqual(['T3']);
        expect((await storage.tickets.list({ orderNo: 'KM20261118000001' })).total).toBe(1);
        const page = await storage.tickets.list({ limit: 1, offset: 1 });
        expect(page).toMatchObject({ total: 3 });
        expect(page.items.map((t) => t.ticketId)).toEqual(['T3']);
      });

      it('treats filter values as data, never as SQL', async () => {
        await storage.tickets.upsert(ticket('T1'));
        expect((await storage.tickets.list({ orderNo: "x' OR '1'='1" })).total).toBe(0);
        expect(await storage.tickets.get("T1' OR '1'='1")).toBeNull();
      });
    });

    describe('outbox', () => {
      it('enqueues once per idempotency key', async () => {
        const a = await storage.outbox.enqueue({
          kind: 'create_ticket',
          payload: { orderNo: 'KM1' },
          idempotencyKey: 'k1',
        });
        const b = await storage.outbox.enqueue({
          kind: 'create_ticket',
          payload: { orderNo: 'other' },
          idempotencyKey: 'k1',
        });
        expect(b.id).toBe(a.id);
        expect(b.payload).toEqual({ orderNo: 'KM1' });
        expect(a).toMatchObject({ status: 'pending', attempts: 0, lastError: null });
      });

      it('hands out due items, retries later, completes and fails', async () => {
        const a = await storage.outbox.enqueue({ kind: 'k', payload: 1, idempotencyKey: 'a' });
        const b = await storage.outbox.enqueue({ kind: 'k', payload: 2, idempotencyKey: 'b' });
        const c = await storage.outbox.enqueue({ kind: 'k', payload: 3, idempotencyKey: 'c' });
        const soon = new Date(Date.now() + 1000);
        expect((await storage.outbox.due(soon)).map((i) => i.id)).toEqual([a.id, b.id, c.id]);
        await storage.outbox.retryLater(a.id, new Date(Date.now() + 60_000), 'platform down');
        await storage.outbox.complete(b.id, { ticketId: 'T1' });
        await storage.outbox.fail(c.id, 'rejected: 422');
        expect(await storage.outbox.due(soon)).toEqual([]);
        expect((await storage.outbox.due(new Date(Date.now() + 120_000))).map((i) => i.id)).toEqual([a.id]);
        expect(await storage.outbox.get(a.id)).toMatchObject({
          attempts: 1,
          lastError: 'platform down',
          status: 'pending',
        });
        expect(await storage.outbox.get(b.id)).toMatchObject({ status: 'done', result: { ticketId: 'T1' } });
        expect(await storage.outbox.get(c.id)).toMatchObject({ status: 'dead', lastError: 'rejected: 422' });
        expect(await storage.outbox.get(9999)).toBeNull();
      });
    });
  });
}
