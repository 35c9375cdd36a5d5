/**
 * A payment receipt is read when it arrives (offline OCR, within its time limit) and compared with
 * the order's charges; the buyer hears what it shows, or is asked politely whether it is the right
 * one. The reading goes into the transcript (`receipt_read`) and, as a note, into the ticket's
 * evidence and assessment reasons. It is support for an agent, never a decision.
 */
import type { JsonObject } from '../core/json.js';
import type { Order } from '../ports/platform.js';
import { PlatformError } from '../ports/platform.js';
import { extractReceipt, type ReceiptFields } from '../receipts/extract.js';
import { matchReceipt, type ReceiptMatch } from '../receipts/match.js';
import { ask, option, recordEvent, say, type Turn, t } from './context.js';
import type { EvidenceRef } from './state.js';
import { loadOrder } from './steps/case.js';

/** Receipts read per turn at most; more are stored unread (each read may take the full time limit). */
const MAX_READS_PER_TURN = 2;
const reads = new WeakMap<Turn, number>();

/** Reads `ref` if it may be a payment receipt, notes what it shows and tells the buyer. */
export async function readReceipt(turn: Turn, ref: EvidenceRef): Promise<void> {
  const reader = turn.deps.ocr;
  const definition = turn.deps.definition.receipts;
  const c = turn.state.case;
  if (!reader || !definition || !ref.mime.startsWith('image/')) return;
  const wanted =
    ref.kind === 'payment_proof' || (ref.kind === turn.deps.definition.evidence.unsolicited && asksForPayment(turn));
  const count = reads.get(turn) ?? 0;
  if (!wanted || count >= MAX_READS_PER_TURN) return;
  reads.set(turn, count + 1);
  const bytes = await turn.deps.evidence.read(ref.sha256);
  if (!bytes) return;
  const reading = await reader.read(bytes);
  if (!reading.ok) {
    await recordEvent(turn, 'receipt_read', { sha256: ref.sha256, ok: false, reason: reading.reason, ms: reading.ms });
    return;
  }
  const fields = extractReceipt(reading.lines, definition);
  if (!fields.amount && !fields.txnId) {
    await recordEvent(turn, 'receipt_read', { sha256: ref.sha256, ok: true, receipt: false, ms: reading.ms });
    return;
  }
  ref.kind = 'payment_proof';
  const order = await ownOrder(turn);
  const match = order ? matchReceipt(fields, order, { now: turn.now, definition }) : null;
  ref.text = receiptNote(fields, match);
  await recordEvent(turn, 'receipt_read', {
    sha256: ref.sha256,
    ok: true,
    receipt: true,
    ms: reading.ms,
    fields: json(fields),
    ...(match && order ? { orderNo: order.orderNo, match: json(match) } : {}),
  });
  if (match && order && c) tell(turn, fields, match, order);
}

/** Scenarios whose evidence requirements include a payment record. */
function asksForPayment(turn: Turn): boolean {
  const scenario = turn.state.case?.scenario;
  const required = scenario ? turn.deps.definition.evidence.requirements[scenario] : undefined;
  return (required ?? []).some((r) => r.kind === 'payment_proof');
}

/** The case's order, only once it is proven the buyer's (nothing is said about anyone else's order). */
async function ownOrder(turn: Turn): Promise<Order | null> {
  const c = turn.state.case;
  if (!c?.owner || !c.orderNo) return null;
  try {
    return await loadOrder(turn, c.orderNo);
  } catch (err) {
    if (err instanceof PlatformError) return null;
    throw err;
  }
}

function tell(turn: Turn, fields: ReceiptFields, match: ReceiptMatch, order: Order): void {
  const lang = turn.conversation.lang;
  const money = (amount: number, currency: string) =>
    lang === 'zh' && currency === 'CNY' ? `¥${amount.toFixed(2)}` : `${amount.toFixed(2)} ${currency}`;
  const unread = t(turn, 'receipt.unread');
  const vars = {
    amount: fields.amount ? money(fields.amount.value, fields.currency?.value ?? order.currency) : unread,
    payee: fields.payee?.value ?? unread,
    time: fields.paidAt ? turn.render.time(lang, fields.paidAt.value) : unread,
    txnId: fields.txnId?.value ?? unread,
    orderAmount: money(order.amount, order.currency),
    receiptOrderNo: fields.merchantOrderNo?.value ?? unread,
  };
  const read = t(turn, 'receipt.read', vars);
  const askAgain = (text: string) => {
    if (turn.expecting) return say(turn, text);
    ask(turn, 'evidence', 'evidence', text, { evidenceKind: 'payment_proof', options: [option(turn, 'no_evidence')] });
  };
  switch (match.result) {
    case 'known_charge':
      if (turn.state.case?.scenario === 'duplicate_charge')
        askAgain(`${read}\n${t(turn, 'receipt.known_charge_other')}`);
      else say(turn, `${read}\n${t(turn, 'receipt.known_charge')}`);
      return;
    case 'extra_charge': {
      const charge = order.charges.find((x) => x.txnId === match.chargeTxnId);
      const minutes =
        charge && fields.paidAt
          ? Math.round(Math.abs(Date.parse(fields.paidAt.value) - Date.parse(charge.at)) / 60_000)
          : '?';
      const shown = charge ? `${money(charge.amount, order.currency)}, ${turn.render.time(lang, charge.at)}` : '';
      say(turn, `${read}\n${t(turn, 'receipt.extra_charge', { charge: shown, minutes })}`);
      return;
    }
    case 'paid_unpaid_order':
      say(turn, `${read}\n${t(turn, 'receipt.paid_unpaid_order')}`);
      return;
    case 'mismatch': {
      const why = match.mismatches.map((m) => t(turn, `receipt.why.${m}`, vars)).join(lang === 'zh' ? '；' : '; ');
      askAgain(t(turn, 'receipt.mismatch', { why }));
      return;
    }
    case 'unreadable':
      return;
  }
}

/** One line for the agent (ticket evidence text and assessment reasons): what was read, how sure, what it matched. */
export function receiptNote(fields: ReceiptFields, match: ReceiptMatch | null): string {
  const f = (name: string, field: { value: string | number; confidence: number } | null) =>
    field ? `${name} ${field.value} (${field.confidence})` : `${name} unread`;
  const result = match
    ? `${match.result}, ${match.support} support, confidence ${match.confidence}` +
      (match.chargeTxnId ? `, charge ${match.chargeTxnId}` : '') +
      (match.mismatches.length > 0 ? `, mismatches: ${match.mismatches.join(' ')}` : '')
    : 'not matched (order not verified yet)';
  return [
    `receipt (OCR, not verified): ${result}`,
    f('amount', fields.amount),
    f('currency', fields.currency),
    f('paid', fields.paidAt),
    f('payee', fields.payee),
    f('channel', fields.channel),
    f('txn', fields.txnId),
    f('order', fields.merchantOrderNo),
    f('status', fields.status),
  ]
    .join(' · ')
    .slice(0, 2000);
}

const json = (value: ReceiptFields | ReceiptMatch): JsonObject => JSON.parse(JSON.stringify(value)) as JsonObject;
