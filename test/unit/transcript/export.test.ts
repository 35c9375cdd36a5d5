import { describe, expect, it } from 'vitest';
import type { BotTicket, TicketStore } from '../../../src/ports/ticket-store.js';
import { entryHash, GENESIS_HASH, sha256Hex } from '../../../src/transcript/canonical.js';
import { escapeHtml } from '../../../src/transcript/html.js';
import { MemoryTranscriptStore } from '../../../src/transcript/memory-store.js';
import { ChainRecorder } from '../../../src/transcript/recorder.js';
import { TranscriptService } from '../../../src/transcript/service.js';
import type { TranscriptView } from '../../../src/transcript/view.js';
import { PDF_MINI, PNG_1x1, reply, say, steppingClock } from './fixtures.js';

const C = 'webchat:dl-1';

function ticketStore(tickets: BotTicket[]): TicketStore {
  return {
    upsert: async () => {},
    get: async (id) => tickets.find((t) => t.ticketId === id) ?? null,
    list: async (f = {}) => {
      const items = tickets.filter((t) => !f.conversationId || t.conversationId === f.conversationId);
      return { items, total: items.length };
    },
  };
}

async function setup() {
  const store = new MemoryTranscriptStore();
  const recorder = new ChainRecorder({ store, now: steppingClock() });
  const blobs = new Map<string, Uint8Array>([
    [sha256Hex(PNG_1x1), PNG_1x1],
    [sha256Hex(PDF_MINI), PDF_MINI],
  ]);
  await recorder.record(C, say('<script>alert(1)</script> 卡密 ABCD-EFGH-1234-5678 不能用'));
  await recorder.record(C, reply('请上传截图 & 付款记录'));
  await recorder.record(C, {
    ...say(''),
    type: 'attachment',
    payload: { claimedName: 'a.png' },
    attachments: [
      {
        sha256: sha256Hex(PNG_1x1),
        mime: 'image/png',
        bytes: PNG_1x1.byteLength,
        name: '"><img src=x onerror=alert(1)>.png',
      },
      { sha256: sha256Hex(PDF_MINI), mime: 'application/pdf', bytes: PDF_MINI.byteLength, name: 'pay.pdf' },
    ],
  });
  const head = await recorder.head(C);
  const ticket: BotTicket = {
    ticketId: 'T-1001',
    orderNo: 'KM20261118004217',
    buyerId: 'buyer-1',
    conversationId: C,
    channel: 'webchat',
    scenario: 'defective',
    assessment: { result: 'needs_review', clauseIds: ['RP-05'], reasons: [] },
    status: 'open',
    headHash: head!.hash,
    slaDueAt: '2026-11-29T10:00:00.000Z',
    createdAt: '2026-11-26T10:00:04.000Z',
    updatedAt: '2026-11-26T10:00:04.000Z',
  };
  await recorder.record(C, reply('工单 T-1001 已创建'));
  const service = new TranscriptService({
    store,
    readAttachment: async (s) => blobs.get(s) ?? null,
    tickets: ticketStore([ticket]),
    now: () => new Date('2026-11-26T12:00:00.000Z'),
  });
  return { store, service, blobs };
}

/** What a third party can do with a JSON export alone: recompute every hash from the payload digests. */
function verifyExportOffline(view: TranscriptView): boolean {
  let prev = GENESIS_HASH;
  for (const e of view.entries) {
    if (e.prevHash !== prev) return false;
    if (entryHash(prev, { ...e, conversationId: view.conversationId }) !== e.hash) return false;
    prev = e.hash;
  }
  return true;
}

describe('transcript export', () => {
  it('resolves a ticket id to its conversation and checks the recorded head hash', async () => {
    const { service } = await setup();
    const resolved = await service.resolve('T-1001');
    expect(resolved).toEqual({ conversationId: C, tickets: [{ ticketId: 'T-1001', headHash: expect.any(String) }] });
    const report = await service.verify(resolved!);
    expect(report).toMatchObject({ ok: true, entries: 4, anchors: [{ seq: 3 }], attachmentsChecked: 2 });
    expect(await service.resolve('nothing-here')).toBeNull();
  });

  it('JSON: redacted by default, payload digests let anyone re-verify the chain', async () => {
    const { service } = await setup();
    const view = JSON.parse(await service.exportJson((await service.resolve(C))!)) as TranscriptView;
    expect(view.redacted).toBe(true);
    expect(view.entries[0]!.payload).toEqual({ text: '<script>alert(1)</script> 卡密 •••••• 不能用' });
    expect(view.entries[0]!.redactions).toEqual(['card_code']);
    expect(view.tickets).toEqual([{ ticketId: 'T-1001', headHash: view.entries[2]!.hash, seq: 3 }]);
    expect(verifyExportOffline(view)).toBe(true);
    view.entries[1]!.payloadHash = sha256Hex('{"text":"已退款"}');
    expect(verifyExportOffline(view)).toBe(false);
  });

  it('JSON: reveal shows the stored text', async () => {
    const { service } = await setup();
    const view = await service.view((await service.resolve(C))!, { reveal: true });
    expect(view.redacted).toBe(false);
    expect(view.entries[0]!.payload).toEqual({ text: '<script>alert(1)</script> 卡密 ABCD-EFGH-1234-5678 不能用' });
  });

  it('HTML: one self-contained file, images inline, buyer text escaped, integrity statement', async () => {
    const { service } = await setup();
    const html = await service.exportHtml((await service.resolve(C))!);
    expect(html).toContain('Integrity verified: 4 entries');
    expect(html).toContain('Ticket T-1001 recorded head hash');
    expect(html).toContain(`data:image/png;base64,${PNG_1x1.toString('base64')}`);
    expect(html).toContain('data:application/pdf;base64,');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('ABCD-EFGH-1234-5678');
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(html).toContain("default-src 'none'");
  });

  it('HTML: a tampered transcript says so at the top', async () => {
    const { service, store } = await setup();
    store.raw(C)[1]!.payload = { text: '已为您全额退款' };
    const html = await service.exportHtml((await service.resolve(C))!);
    expect(html).toContain('INTEGRITY CHECK FAILED</strong> at entry 2');
  });

  it('escapes every HTML-significant character', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&\``)).toBe(
      '&#60;a href=&#34;x&#34; onclick=&#39;y&#39;&#62;&#38;&#96;',
    );
  });
});
