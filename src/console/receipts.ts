/**
 * Payment receipts on the ticket page: the fields the bot read (transcript event `receipt_read`),
 * shown beside the image with their confidence, the charge they matched highlighted in the order
 * facts, and what did not match flagged. Read as data from the transcript, validated, rendered as
 * text: OCR output is buyer-supplied content.
 */
import { z } from 'zod';
import type { Lang } from '../core/domain.js';
import type { TranscriptEntry } from '../ports/transcript-store.js';
import { type Html, h } from './html.js';

const Field = <T extends z.ZodTypeAny>(value: T) => z.object({ value, confidence: z.number() }).nullable().catch(null);

const ReceiptRead = z.object({
  event: z.literal('receipt_read'),
  sha256: z.string(),
  ok: z.literal(true),
  receipt: z.literal(true),
  fields: z.object({
    amount: Field(z.number()),
    currency: Field(z.string()),
    paidAt: Field(z.string()),
    payee: Field(z.string()),
    channel: Field(z.string()),
    txnId: Field(z.string()),
    merchantOrderNo: Field(z.string()),
    status: Field(z.string()),
  }),
  match: z
    .object({
      result: z.string(),
      support: z.string(),
      chargeTxnId: z.string().nullable(),
      mismatches: z.array(z.string()),
      confidence: z.number(),
    })
    .optional(),
});
export type ShownReceipt = z.infer<typeof ReceiptRead>;

/** The last reading of each uploaded receipt in the transcript, by sha256. */
export function receiptReadings(transcript: readonly TranscriptEntry[]): Map<string, ShownReceipt> {
  const found = new Map<string, ShownReceipt>();
  for (const entry of transcript) {
    const parsed = ReceiptRead.safeParse(entry.payload);
    if (parsed.success) found.set(parsed.data.sha256, parsed.data);
  }
  return found;
}

/** Charges a receipt matched (known or duplicated), to highlight in the order facts. */
export function matchedCharges(readings: Iterable<ShownReceipt>): Set<string> {
  return new Set([...readings].flatMap((r) => (r.match?.chargeTxnId ? [r.match.chargeTxnId] : [])));
}

const TEXTS = {
  zh: {
    title: 'OCR 读取（未核实）',
    amount: '金额',
    paidAt: '付款时间',
    payee: '收款方',
    channel: '渠道',
    txnId: '交易单号',
    merchantOrderNo: '商户订单号',
    status: '状态',
    match: '比对',
    unread: '未识别',
    results: {
      known_charge: '平台已有的扣款',
      extra_charge: '平台未记录的另一笔扣款（支持重复扣款）',
      paid_unpaid_order: '订单显示未付款，凭证与订单相符',
      mismatch: '与订单不符',
      unreadable: '无法比对',
    } as Record<string, string>,
    support: '支持程度',
    confidence: '置信度',
    notMatched: '订单未验证，未比对',
    decide: '仅供参考，请向支付渠道核实后决定。',
  },
  en: {
    title: 'Read by OCR (not verified)',
    amount: 'Amount',
    paidAt: 'Paid at',
    payee: 'Payee',
    channel: 'Channel',
    txnId: 'Transaction id',
    merchantOrderNo: 'Merchant order no.',
    status: 'Status',
    match: 'Match',
    unread: 'unread',
    results: {
      known_charge: 'the charge the platform has',
      extra_charge: 'another charge the platform does not show (supports a duplicate charge)',
      paid_unpaid_order: 'order shows unpaid; the receipt fits it',
      mismatch: 'does not match the order',
      unreadable: 'could not be compared',
    } as Record<string, string>,
    support: 'support',
    confidence: 'confidence',
    notMatched: 'order not verified; not compared',
    decide: 'For reference only: check with the payment provider before deciding.',
  },
};

/** Which field each mismatch is about. */
const FLAGGED: Record<string, keyof ShownReceipt['fields']> = {
  amount: 'amount',
  currency: 'amount',
  payee: 'payee',
  after_complaint: 'paidAt',
  time: 'paidAt',
  refund_record: 'status',
  not_successful: 'status',
  order_no: 'merchantOrderNo',
};

export function receiptPanel(lang: Lang, receipt: ShownReceipt): Html {
  const t = TEXTS[lang];
  const flagged = new Set((receipt.match?.mismatches ?? []).map((m) => FLAGGED[m]));
  const row = (name: keyof ShownReceipt['fields'], label: string) => {
    const f = receipt.fields[name];
    const currency = name === 'amount' && receipt.fields.currency ? ` ${receipt.fields.currency.value}` : '';
    const value = f ? `${typeof f.value === 'number' ? f.value.toFixed(2) : f.value}${currency}` : t.unread;
    return h`<tr class="${flagged.has(name) ? 'flag' : ''}" data-field="${name}"><th>${label}</th><td>${value}${
      flagged.has(name) ? h` <strong>⚠</strong>` : ''
    }</td><td class="hash">${f ? f.confidence.toFixed(2) : ''}</td></tr>`;
  };
  const m = receipt.match;
  return h`<div class="receipt" data-receipt="${m?.result ?? 'none'}">
    <strong>${t.title}</strong>
    <table>
      ${row('amount', t.amount)}${row('paidAt', t.paidAt)}${row('payee', t.payee)}
      ${row('channel', t.channel)}${row('txnId', t.txnId)}${row('merchantOrderNo', t.merchantOrderNo)}${row('status', t.status)}
    </table>
    <p class="${m?.result === 'mismatch' ? 'flag' : 'match'}" data-match="${m?.result ?? ''}">${t.match}: ${
      m
        ? h`${t.results[m.result] ?? m.result}${m.chargeTxnId ? h` (${m.chargeTxnId})` : ''} · ${t.support} ${m.support} · ${t.confidence} ${m.confidence.toFixed(2)}`
        : t.notMatched
    }</p>
    <small>${t.decide}</small>
  </div>`;
}
