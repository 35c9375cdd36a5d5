/**
 * Checks the fields read from a receipt against the order's charges on the platform. The result is
 * support for what the buyer says, never a decision: agents decide (the bot only tells the buyer
 * what the receipt shows and asks again when it does not fit).
 *
 * - same transaction id as a charge the platform has → `known_charge` (also, weakly, the same amount
 *   at the same time as such a charge: that payment with its id misread, never a duplicate)
 * - a successful payment for the same amount to this site, within minutes of a charge the platform
 *   has, with a transaction id the platform does not show → `extra_charge` (duplicate charge)
 * - a successful payment for the same amount to this site, recent, for an order the platform shows
 *   no payment for → `paid_unpaid_order`
 * - anything that does not fit (another amount, another payee, after the complaint, a refund
 *   record, another order number) → `mismatch`, naming what did not fit
 */
import { fold, type ReceiptDefinition } from '../definition/receipts.js';
import type { Order } from '../ports/platform.js';
import type { Field, ReceiptFields } from './extract.js';

export type ReceiptMatchResult = 'known_charge' | 'extra_charge' | 'paid_unpaid_order' | 'mismatch' | 'unreadable';

export const MISMATCHES = [
  'amount',
  'currency',
  'payee',
  'after_complaint',
  'refund_record',
  'not_successful',
  'order_no',
  'time',
] as const;
export type Mismatch = (typeof MISMATCHES)[number];

export interface ReceiptMatch {
  result: ReceiptMatchResult;
  /** strong: every field compared fits and the transaction id was read; weak: something was unread. */
  support: 'strong' | 'weak' | 'none';
  /** The platform charge the receipt is (known_charge) or duplicates (extra_charge). */
  chargeTxnId: string | null;
  mismatches: Mismatch[];
  /** The lowest confidence of the fields the result rests on. */
  confidence: number;
}

const MINUTE = 60_000;
/** Payment times this close are one payment (receipts and platforms round differently). */
const SAME_PAYMENT_MS = 60_000;

export function matchReceipt(
  fields: ReceiptFields,
  order: Order,
  options: { now: Date; definition: ReceiptDefinition },
): ReceiptMatch {
  const { matching } = options.definition.file;
  const usable = <T>(f: Field<T> | null): Field<T> | null =>
    f && f.confidence >= matching.minFieldConfidence ? f : null;
  const amount = usable(fields.amount);
  const txnId = usable(fields.txnId);
  const paidAt = usable(fields.paidAt);
  const payee = usable(fields.payee);
  const status = usable(fields.status);
  const currency = usable(fields.currency);
  const orderNo = usable(fields.merchantOrderNo);
  if (!amount && !txnId)
    return { result: 'unreadable', support: 'none', chargeTxnId: null, mismatches: [], confidence: 0 };

  const wrong = new Map<Mismatch, number>();
  if (status?.value === 'refunded') wrong.set('refund_record', status.confidence);
  else if (status && status.value !== 'paid') wrong.set('not_successful', status.confidence);
  if (amount && Math.abs(amount.value - order.amount) >= 0.005) wrong.set('amount', amount.confidence);
  if (currency && amount && currency.value !== order.currency) wrong.set('currency', currency.confidence);
  if (payee && !paidToThisSite(payee.value, options.definition)) wrong.set('payee', payee.confidence);
  const at = paidAt ? Date.parse(paidAt.value) : Number.NaN;
  if (paidAt && at > options.now.getTime()) wrong.set('after_complaint', paidAt.confidence);
  if (orderNo && compact(orderNo.value) !== compact(order.orderNo)) wrong.set('order_no', orderNo.confidence);

  const used = [amount, txnId, paidAt, payee, status].filter((f) => f !== null);
  const confidence = Math.min(...used.map((f) => f.confidence));
  const known = txnId ? order.charges.find((c) => compact(c.txnId) === compact(txnId.value)) : undefined;
  const mismatch = (extra: Mismatch[] = [], chargeTxnId: string | null = known?.txnId ?? null): ReceiptMatch => {
    const mismatches = [...wrong.keys(), ...extra];
    const sure = [...wrong.values(), ...(extra.length > 0 && paidAt ? [paidAt.confidence] : [])];
    return { result: 'mismatch', support: 'none', chargeTxnId, mismatches, confidence: Math.min(...sure) };
  };
  if (wrong.size > 0) return mismatch();

  const support = txnId && amount && paidAt ? 'strong' : 'weak';
  if (known) return { result: 'known_charge', support, chargeTxnId: known.txnId, mismatches: [], confidence };
  if (order.charges.length > 0) {
    if (!paidAt) return { result: 'extra_charge', support: 'weak', chargeTxnId: null, mismatches: [], confidence };
    // Same amount at the same time as a charge the platform has: that payment, its id misread.
    const same = order.charges.find((c) => Math.abs(Date.parse(c.at) - at) < SAME_PAYMENT_MS);
    if (same) return { result: 'known_charge', support: 'weak', chargeTxnId: same.txnId, mismatches: [], confidence };
    const nearest = [...order.charges].sort(
      (a, b) => Math.abs(Date.parse(a.at) - at) - Math.abs(Date.parse(b.at) - at),
    )[0]!;
    if (Math.abs(Date.parse(nearest.at) - at) > matching.duplicateWindowMinutes * MINUTE)
      return mismatch(['time'], null);
    return { result: 'extra_charge', support, chargeTxnId: nearest.txnId, mismatches: [], confidence };
  }
  if (paidAt && options.now.getTime() - at > matching.unpaidWindowDays * 24 * 60 * MINUTE)
    return mismatch(['time'], null);
  return { result: 'paid_unpaid_order', support, chargeTxnId: null, mismatches: [], confidence };
}

const compact = (s: string) => s.replace(/[\s-]+/g, '').toUpperCase();

/** Receipts shorten or prefix names ("财付通-星辰数字卡铺", "星辰数字卡…"), so containment either way counts. */
function paidToThisSite(payee: string, definition: ReceiptDefinition): boolean {
  if (definition.merchantNames.length === 0) return true;
  const shown = fold(payee).replace(/[.…]+$/u, '');
  return shown.length >= 2 && definition.merchantNames.some((name) => name.includes(shown) || shown.includes(name));
}
