/**
 * Payment receipts read in a real conversation (the whole product, sandbox platform, real OCR): a
 * duplicate-charge complaint whose first receipt is the payment the platform has and whose second
 * is matched as the extra charge, and a receipt for another amount that gets the polite question —
 * through the REST channel and through Web Chat uploads (botframework-directlinejs).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Message } from 'botframework-directlinejs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Started, startProduct } from '../../app/start.js';
import { loadConfig } from '../../src/config/env.js';
import { createLogger } from '../../src/core/log.js';
import type { Ticket } from '../../src/ports/platform.js';
import { missing } from '../requirements.js';
import { DirectLineBuyer } from './webchat-client.js';

const DIR = resolve(import.meta.dirname, '../fixtures/receipts/conversation');
const receipts = Object.fromEntries(
  (
    JSON.parse(readFileSync(join(DIR, 'truth.json'), 'utf8')) as {
      id: string;
      file: string;
      truth: { txnId: string };
    }[]
  ).map((r) => [r.id, { ...r, bytes: readFileSync(join(DIR, r.file)) }]),
);
const first = receipts['first-payment']!;
const second = receipts['second-payment']!;
const other = receipts['other-amount']!;
const SECRET = 'receipts-e2e-site-secret';
/** OCR on a busy two-core machine can be slow; the turn waits up to this for a receipt. */
const OCR_TIMEOUT_MS = 120_000;

interface Expecting {
  slot: string;
  evidenceKind?: string;
  options?: { payload: string }[];
}
interface RestReply {
  text?: string;
  custom?: { expecting?: Expecting };
}

let product: Started;
let dataDir: string;
let url: string;

describe.skipIf(missing('ocr', 'payment receipts in conversations'))('payment receipts in conversations', () => {
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'refund-desk-receipts-'));
    const loaded = loadConfig({
      PORT: '0',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      DIRECTLINE_SECRET: SECRET,
      OCR_TIMEOUT_MS: String(OCR_TIMEOUT_MS),
    });
    if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
    product = await startProduct(loaded.config, createLogger({ level: 'silent', production: true }));
    url = product.server.url;
  }, 120_000);
  afterAll(async () => {
    await product?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** An order of `buyerId` for ¥128 with one charge: the first receipt's payment. */
  async function order(buyerId: string): Promise<string> {
    const res = await fetch(`${url}/platform/v1/sandbox/orders`, {
      method: 'POST',
      headers: { authorization: 'Bearer sandbox', 'content-type': 'application/json' },
      body: JSON.stringify({
        buyerId,
        contact: `${buyerId}@example.com`,
        amount: 128,
        currency: 'CNY',
        paymentChannel: 'wechat',
        status: 'delivered',
        paidAt: '2026-11-18T06:32:07Z',
        deliveredAt: '2026-11-18T06:33:00Z',
        charges: [{ txnId: first.truth.txnId, amount: 128, at: '2026-11-18T06:32:07Z' }],
      }),
    });
    expect(res.status).toBe(201);
    return ((await res.json()) as { orderNo: string }).orderNo;
  }

  async function ticketOf(orderNo: string): Promise<Ticket> {
    const [ticket] = await product.runtime.platform.listTickets({ orderNo });
    if (!ticket) throw new Error(`no ticket for ${orderNo}`);
    return ticket;
  }

  function expectReceiptNotes(ticket: Ticket): void {
    const notes = ticket.evidence.map((e) => e.text ?? '');
    expect(ticket.evidence.map((e) => e.kind)).toEqual(['payment_proof', 'payment_proof']);
    expect(notes[0]).toContain(`known_charge, strong support`);
    expect(notes[1]).toContain(`extra_charge, strong support`);
    expect(notes[1]).toContain(`charge ${first.truth.txnId}`);
    expect(notes[1]).toContain(`txn ${second.truth.txnId}`);
    expect(notes[1]).toMatch(/amount 128 \(0\.\d+\)/);
    expect(ticket.assessment.reasons.some((r) => r.includes('extra_charge'))).toBe(true);
  }

  describe('through the REST channel', () => {
    const rest = async (sender: string, message: string, image?: Buffer): Promise<RestReply[]> => {
      const res = await fetch(`${url}/webhooks/rest/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          sender,
          message,
          ...(image
            ? {
                attachments: [
                  { name: 'receipt.jpg', contentType: 'image/jpeg', contentBase64: image.toString('base64') },
                ],
              }
            : {}),
        }),
      });
      expect(res.status).toBe(200);
      return (await res.json()) as RestReply[];
    };
    const asked = (replies: RestReply[]) => replies.map((r) => r.custom?.expecting).findLast((e) => e !== undefined);
    const text = (replies: RestReply[]) => replies.map((r) => r.text ?? '').join('\n');

    it('charged twice: the first receipt is the known payment, the second is matched as the extra charge', async () => {
      const buyer = 'receipt-rest-1';
      const orderNo = await order(buyer);
      let replies = await rest(buyer, `订单 ${orderNo} 被重复扣款了，扣了两次钱`);
      expect(asked(replies)).toMatchObject({ slot: 'evidence', evidenceKind: 'payment_proof' });

      replies = await rest(buyer, '', first.bytes);
      expect(text(replies)).toContain(first.truth.txnId);
      expect(text(replies)).toContain('这就是平台已记录的该订单付款');
      expect(asked(replies)).toMatchObject({ slot: 'evidence', evidenceKind: 'payment_proof' });

      replies = await rest(buyer, '这是第二笔', second.bytes);
      expect(text(replies)).toContain(second.truth.txnId);
      expect(text(replies)).toContain('支持“重复扣款”');
      expect(text(replies)).toMatch(/相差 5 分钟/);
      expect(asked(replies)?.slot).toBe('confirm');

      replies = await rest(buyer, '/confirm');
      expect(text(replies)).toMatch(/TK\d+/);
      const ticket = await ticketOf(orderNo);
      expectReceiptNotes(ticket);
      expect(ticket.assessment.result).toBe('needs_review');

      const transcript = await product.runtime.storage.transcripts.list(ticket.transcript.conversationId, {
        limit: 500,
      });
      const reads = transcript.filter((e) => (e.payload as { event?: string } | null)?.event === 'receipt_read');
      expect(reads.map((e) => (e.payload as { match: { result: string } }).match.result)).toEqual([
        'known_charge',
        'extra_charge',
      ]);
    }, 400_000);

    it('a receipt for another amount gets a polite question, and the buyer may keep it', async () => {
      const buyer = 'receipt-rest-2';
      const orderNo = await order(buyer);
      await rest(buyer, `订单 ${orderNo} 重复扣款`);
      let replies = await rest(buyer, '', other.bytes);
      expect(text(replies)).toContain('似乎与订单不一致');
      expect(text(replies)).toContain('凭证金额为 ¥98.00，而订单金额为 ¥128.00');
      expect(asked(replies)).toMatchObject({
        slot: 'evidence',
        evidenceKind: 'payment_proof',
        options: [{ payload: '/no_evidence' }],
      });
      replies = await rest(buyer, '/no_evidence');
      expect(asked(replies)?.slot).toBe('confirm');
      replies = await rest(buyer, '/confirm');
      const ticket = await ticketOf(orderNo);
      expect(ticket.evidence[0]?.text).toContain('mismatch');
      expect(ticket.evidence[0]?.text).toContain('mismatches: amount');
    }, 400_000);
  });

  describe('through Web Chat uploads', () => {
    async function chat(buyerId: string): Promise<DirectLineBuyer> {
      const res = await fetch(`${url}/v3/directline/tokens/generate`, {
        method: 'POST',
        headers: { authorization: `Bearer ${SECRET}`, 'content-type': 'application/json' },
        body: JSON.stringify({ user: { id: buyerId } }),
      });
      const { token } = (await res.json()) as { token: string };
      const buyer = new DirectLineBuyer({ token, domain: `${url}/v3/directline` });
      // A new conversation opens with the bot's greeting; the buyer speaks after it.
      await buyer.waitFor((a) => a.type === 'message' && a.from.role === 'bot' && !!expecting(a as Message));
      return buyer;
    }
    const expecting = (m: Message) => m.channelData?.expecting as Expecting | undefined;
    /** Posts and waits (OCR may be slow) for the bot's reply that carries a prompt. */
    async function send(buyer: DirectLineBuyer, activity: Partial<Message>): Promise<Message> {
      const mark = buyer.received.length;
      await new Promise<string>((done, fail) =>
        buyer.directLine
          .postActivity({ type: 'message', from: { id: 'buyer', role: 'user' }, ...activity } as Message)
          .subscribe(done, fail),
      );
      const reply = await buyer.waitFor(
        (a) =>
          a.type === 'message' &&
          a.from.role === 'bot' &&
          (!!expecting(a as Message) || /TK\d+/.test((a as Message).text ?? '')),
        mark,
        OCR_TIMEOUT_MS + 60_000,
      );
      return reply as Message;
    }
    const upload = (r: (typeof receipts)[string], id: string): Partial<Message> => ({
      attachments: [
        { contentType: 'image/jpeg', contentUrl: `data:image/jpeg;base64,${r.bytes.toString('base64')}`, name: r.file },
      ],
      channelData: { clientActivityID: id },
    });

    it('charged twice: the second uploaded receipt is matched as the extra charge', async () => {
      const buyerId = 'receipt-webchat-1';
      const orderNo = await order(buyerId);
      const buyer = await chat(buyerId);
      try {
        let reply = await send(buyer, { text: `I was charged twice for order ${orderNo}` });
        expect(expecting(reply)).toMatchObject({ slot: 'evidence', evidenceKind: 'payment_proof' });
        reply = await send(buyer, upload(first, 'receipt-1'));
        expect(reply.text).toContain('the payment the platform already has');
        reply = await send(buyer, upload(second, 'receipt-2'));
        expect(reply.text).toContain(second.truth.txnId);
        expect(reply.text).toContain('supports a duplicate charge');
        expect(expecting(reply)?.slot).toBe('confirm');
        reply = await send(buyer, { text: '/confirm' });
        expect(reply.text).toMatch(/TK\d+/);
        expectReceiptNotes(await ticketOf(orderNo));
      } finally {
        buyer.end();
      }
    }, 400_000);

    it('a receipt for another amount gets a polite question', async () => {
      const buyerId = 'receipt-webchat-2';
      const orderNo = await order(buyerId);
      const buyer = await chat(buyerId);
      try {
        await send(buyer, { text: `charged twice on order ${orderNo}` });
        const reply = await send(buyer, upload(other, 'receipt-3'));
        expect(reply.text).toContain("doesn't seem to match the order");
        expect(reply.text).toContain('it shows 98.00 CNY, while the order is 128.00 CNY');
        expect(expecting(reply)).toMatchObject({ slot: 'evidence', evidenceKind: 'payment_proof' });
      } finally {
        buyer.end();
      }
    }, 400_000);
  });
});
