/**
 * Reads the fields of a payment receipt from its OCR lines: amount, currency, payment time, payee,
 * channel, transaction id, the card site's order number when shown, and status — each with a
 * confidence (the OCR's own confidence, lowered when the value was found by position or pattern
 * rather than by its label). Labels, status words, date formats and layouts are data
 * (bots/<bot>/receipts.yaml); nothing here knows a particular app beyond that.
 */
import { fold, type ReceiptChannel, type ReceiptDefinition, type ReceiptStatus } from '../definition/receipts.js';
import type { TextLine } from '../ports/image-text-reader.js';
import { after, type Row, toRows } from './rows.js';

export interface Field<T> {
  value: T;
  confidence: number;
}

export interface ReceiptFields {
  layout: string | null;
  channel: Field<ReceiptChannel> | null;
  amount: Field<number> | null;
  currency: Field<string> | null;
  /** ISO 8601 with the receipt's zone. */
  paidAt: Field<string> | null;
  payee: Field<string> | null;
  txnId: Field<string> | null;
  merchantOrderNo: Field<string> | null;
  status: Field<ReceiptStatus> | null;
}

type LabelField = ReceiptDefinition['labels'][number]['field'];

interface Labelled {
  field: LabelField;
  value: string;
  row: Row;
}

/** Found by position or pattern instead of a label: somewhat less sure. */
const BY_POSITION = 0.85;
const round = (n: number) => Math.round(n * 1000) / 1000;
const field = <T>(value: T, confidence: number): Field<T> => ({
  value,
  confidence: round(Math.max(0, Math.min(1, confidence))),
});

export function extractReceipt(lines: readonly TextLine[], def: ReceiptDefinition): ReceiptFields {
  const rows = toRows(lines);
  const labelled = labelledValues(rows, def);
  const first = (f: LabelField) => labelled.find((l) => l.field === f);

  const hero = heroAmount(rows, def);
  const amountLabel = first('amount');
  const labelledAmount = amountLabel ? parseMoney(amountLabel.value, def) : null;
  const amountRow = hero?.row ?? (labelledAmount ? amountLabel?.row : undefined);
  const money = hero?.money ?? labelledAmount;
  const amount = money && amountRow ? field(money.value, amountRow.confidence) : null;
  const currency = money?.currency
    ? field(money.currency, amountRow?.confidence ?? 0)
    : amount
      ? field(def.file.defaultCurrency, 0.6)
      : null;

  const txnId = readTxnId(rows, first('txnId'), def);
  const layout = detectLayout(rows, txnId?.value ?? null, def);

  return {
    layout: layout?.id ?? null,
    channel: layout ? field(layout.channel, layout.confidence) : null,
    amount,
    currency,
    paidAt: readTime(rows, first('paidAt'), def),
    payee: readPayee(rows, first('payee'), hero?.row ?? null, layout?.payeeAboveAmount ?? false),
    txnId,
    merchantOrderNo: readMerchantOrderNo(first('merchantOrderNo')),
    status: readStatus(rows, first('status'), def),
  };
}

/** Rows that start with a label; the value is the rest of the row, or the next row when the rest is empty. */
function labelledValues(rows: Row[], def: ReceiptDefinition): Labelled[] {
  const found: Labelled[] = [];
  rows.forEach((row, i) => {
    const folded = fold(row.text);
    const hit = def.labels.find((l) => folded.startsWith(l.label));
    if (!hit) return;
    let value = after(row.text, hit.label.length);
    let valueRow = row;
    const next = rows[i + 1];
    if (value === '' && next && !def.labels.some((l) => fold(next.text).startsWith(l.label))) {
      value = next.text;
      valueRow = { ...next, confidence: Math.min(row.confidence, next.confidence) };
    }
    if (value !== '') found.push({ field: hit.field, value, row: valueRow });
  });
  return found;
}

interface Money {
  value: number;
  currency: string | null;
}

/** "-¥1,288.00", "CNY -128.00", "128.00 元" → 1288 / 128 with the currency when shown. OCR may read "," as ".". */
export function parseMoney(text: string, def: ReceiptDefinition): Money | null {
  let rest = text.normalize('NFKC').toUpperCase();
  let currency: string | null = null;
  for (const c of def.currencies) {
    if (rest.includes(c.token)) {
      currency ??= c.code;
      rest = rest.replaceAll(c.token, ' ');
    }
  }
  rest = rest.replace(/[\s+\-−–]/gu, '');
  const m = /^(\d{1,3}(?:[,.]\d{3})+|\d+)[.,](\d{2})$/u.exec(rest);
  if (!m) return null;
  return { value: Number(`${m[1]!.replace(/[,.]/g, '')}.${m[2]}`), currency };
}

/** The amount set in big type: the tallest row that is nothing but a sum of money. */
function heroAmount(rows: Row[], def: ReceiptDefinition): { row: Row; money: Money } | null {
  let best: { row: Row; money: Money } | null = null;
  for (const row of rows) {
    const money = parseMoney(row.text, def);
    if (money && (!best || row.height > best.row.height)) best = { row, money };
  }
  return best;
}

function readTime(rows: Row[], label: Labelled | undefined, def: ReceiptDefinition): Field<string> | null {
  if (label) {
    const t = parseTime(label.value, def);
    if (t) return field(t, label.row.confidence);
  }
  for (const row of rows) {
    const t = parseTime(row.text, def);
    if (t) return field(t, row.confidence * BY_POSITION);
  }
  return null;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

export function parseTime(text: string, def: ReceiptDefinition): string | null {
  for (const format of def.timeFormats) {
    const g = format.exec(text)?.groups;
    if (!g) continue;
    const month = g.mon ? MONTHS.indexOf(g.mon.toLowerCase().replace('0', 'o')) + 1 : Number(g.m);
    const [y, d, h, min, s] = [g.y, g.d, g.H, g.M, g.S ?? '0'].map(Number) as [number, number, number, number, number];
    if (month < 1 || month > 12 || d < 1 || d > 31 || h > 23 || min > 59 || s > 59) continue;
    const two = (n: number) => String(n).padStart(2, '0');
    return `${y}-${two(month)}-${two(d)}T${two(h)}:${two(min)}:${two(s)}${def.timezone}`;
  }
  return null;
}

function readPayee(rows: Row[], label: Labelled | undefined, hero: Row | null, above: boolean): Field<string> | null {
  const index = hero ? rows.indexOf(hero) : -1;
  const named = above && index > 0 ? rows[index - 1] : undefined;
  if (label) {
    const agrees = named && fold(named.text) === fold(label.value);
    return field(label.value, agrees ? Math.max(label.row.confidence, named.confidence) : label.row.confidence);
  }
  return named ? field(named.text, named.confidence * BY_POSITION) : null;
}

/** Characters OCR confuses with digits, for ids that are digits only. */
const DIGIT_LOOKALIKES: Record<string, string> = {
  O: '0',
  o: '0',
  D: '0',
  l: '1',
  I: '1',
  '|': '1',
  Z: '2',
  S: '5',
  B: '8',
};

function readTxnId(rows: Row[], label: Labelled | undefined, def: ReceiptDefinition): Field<string> | null {
  const shapes = def.layouts.map((l) => l.txnId);
  if (label) {
    const compact = label.value.replace(/\s+/g, '');
    if (shapes.some((s) => s.test(compact))) return field(compact, label.row.confidence);
    const digits = compact.replace(/[OoDlI|ZSB]/g, (c) => DIGIT_LOOKALIKES[c] ?? c);
    if (shapes.some((s) => s.test(digits))) return field(digits, label.row.confidence * 0.8);
    if (/^[A-Za-z0-9-]{8,64}$/.test(compact)) return field(compact, label.row.confidence * 0.7);
  }
  for (const row of rows) {
    for (const token of row.text.split(/\s+/)) {
      if (shapes.some((s) => s.test(token))) return field(token, row.confidence * BY_POSITION);
    }
  }
  return null;
}

function readMerchantOrderNo(label: Labelled | undefined): Field<string> | null {
  if (!label) return null;
  const compact = label.value.replace(/\s+/g, '').toUpperCase();
  return /^[A-Z0-9_-]{4,64}$/.test(compact) ? field(compact, label.row.confidence) : null;
}

function statusOf(text: string, def: ReceiptDefinition): ReceiptStatus | null {
  const folded = fold(text).replace(/[^\p{L}\p{N}]+$/u, '');
  return def.statuses.find((s) => s.phrase === folded)?.status ?? null;
}

function readStatus(rows: Row[], label: Labelled | undefined, def: ReceiptDefinition): Field<ReceiptStatus> | null {
  const labelled = label ? statusOf(label.value, def) : null;
  if (label && labelled) return field(labelled, label.row.confidence);
  for (const row of rows) {
    const status = statusOf(row.text, def);
    if (status) return field(status, row.confidence * 0.95);
  }
  return null;
}

function detectLayout(
  rows: Row[],
  txnId: string | null,
  def: ReceiptDefinition,
): (ReceiptDefinition['layouts'][number] & { confidence: number }) | null {
  const text = rows.map((r) => fold(r.text)).join('\n');
  const scored = def.layouts
    .map((layout) => ({
      layout,
      score: layout.markers.filter((m) => text.includes(m)).length + (txnId && layout.txnId.test(txnId) ? 2 : 0),
    }))
    .sort((a, b) => b.score - a.score);
  const [best, second] = scored;
  if (!best || best.score === 0) return null;
  return { ...best.layout, confidence: round(best.score / (best.score + (second?.score ?? 0))) };
}
