/**
 * Schema of bots/<bot>/receipts.yaml: how payment receipts are read (labels, status words, date
 * formats, payment-app layouts) and matched against the order's charges. Validated at start like
 * the rest of the bot definition; regular expressions are compiled here once.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { DefinitionError, loadDefinition } from './load.js';

const Text = z.string().trim().min(1).max(200);
const Words = z.array(Text).min(1);

const Regex = z
  .string()
  .min(1)
  .max(500)
  .refine(
    (source) => {
      try {
        new RegExp(source, 'u');
        return true;
      } catch {
        return false;
      }
    },
    { message: 'not a valid regular expression' },
  );

export const RECEIPT_FIELDS = ['amount', 'paidAt', 'payee', 'txnId', 'merchantOrderNo', 'status'] as const;
export const RECEIPT_STATUSES = ['paid', 'refunded', 'failed', 'pending'] as const;
export type ReceiptStatus = (typeof RECEIPT_STATUSES)[number];
export const RECEIPT_CHANNELS = ['wechat', 'alipay', 'bank_card'] as const;
export type ReceiptChannel = (typeof RECEIPT_CHANNELS)[number];

const Layout = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9_]{0,30}$/),
    channel: z.enum(RECEIPT_CHANNELS),
    markers: Words,
    txnId: Regex,
    payeeAboveAmount: z.boolean().default(false),
  })
  .strict();

export const ReceiptsFile = z
  .object({
    version: z.literal(1),
    timezone: z.string().regex(/^[+-]\d{2}:\d{2}$/, 'an offset like +08:00'),
    merchant: z.object({ names: z.array(Text).default([]) }).strict(),
    matching: z
      .object({
        duplicateWindowMinutes: z
          .number()
          .positive()
          .max(24 * 60),
        unpaidWindowDays: z.number().positive().max(366),
        minFieldConfidence: z.number().min(0).max(1),
      })
      .strict(),
    currencies: z.record(z.string().regex(/^[A-Z]{3}$/), Words),
    defaultCurrency: z.string().regex(/^[A-Z]{3}$/),
    statuses: z
      .object(Object.fromEntries(RECEIPT_STATUSES.map((s) => [s, Words])) as Record<ReceiptStatus, typeof Words>)
      .strict(),
    labels: z
      .object(
        Object.fromEntries(RECEIPT_FIELDS.map((f) => [f, Words])) as Record<
          (typeof RECEIPT_FIELDS)[number],
          typeof Words
        >,
      )
      .strict(),
    timeFormats: z.array(Regex).min(1),
    layouts: z.array(Layout).min(1),
  })
  .strict()
  .superRefine((file, ctx) => {
    if (!file.currencies[file.defaultCurrency]) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['defaultCurrency'], message: 'not one of currencies' });
    }
    file.timeFormats.forEach((source, i) => {
      const groups = new Set([...source.matchAll(/\(\?<([a-zA-Z]+)>/g)].map((m) => m[1]));
      const missing = ['y', 'd', 'H', 'M'].filter((g) => !groups.has(g));
      if (!groups.has('m') && !groups.has('mon')) missing.push('m or mon');
      if (missing.length > 0) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['timeFormats', i],
          message: `needs groups ${missing.join(', ')}`,
        });
      }
    });
    const ids = new Set<string>();
    file.layouts.forEach((layout, i) => {
      if (ids.has(layout.id)) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['layouts', i, 'id'],
          message: `${layout.id} is used twice`,
        });
      }
      ids.add(layout.id);
    });
  });
export type ReceiptsFile = z.infer<typeof ReceiptsFile>;

/** receipts.yaml with its texts folded and its patterns compiled, ready for extraction and matching. */
export interface ReceiptDefinition {
  file: ReceiptsFile;
  timezone: string;
  merchantNames: string[];
  currencies: { code: string; token: string }[];
  statuses: { status: ReceiptStatus; phrase: string }[];
  labels: { field: (typeof RECEIPT_FIELDS)[number]; label: string }[];
  timeFormats: RegExp[];
  layouts: { id: string; channel: ReceiptChannel; markers: string[]; txnId: RegExp; payeeAboveAmount: boolean }[];
}

/** Template keys (templates.*.yaml) the dialog uses to tell the buyer what a receipt shows. */
export const RECEIPT_TEMPLATE_KEYS = [
  'receipt.read',
  'receipt.unread',
  'receipt.known_charge',
  'receipt.known_charge_other',
  'receipt.extra_charge',
  'receipt.paid_unpaid_order',
  'receipt.mismatch',
  ...['amount', 'currency', 'payee', 'after_complaint', 'refund_record', 'not_successful', 'order_no', 'time'].map(
    (m) => `receipt.why.${m}`,
  ),
] as const;

/** The folding every comparison uses: NFKC (full-width → half-width), lower case, no spaces. */
export function fold(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
}

const byLength = <T extends { length: number }>(a: T, b: T) => b.length - a.length;

export function compileReceipts(file: ReceiptsFile): ReceiptDefinition {
  return {
    file,
    timezone: file.timezone,
    merchantNames: file.merchant.names.map(fold),
    currencies: Object.entries(file.currencies)
      .flatMap(([code, tokens]) => tokens.map((token) => ({ code, token: token.normalize('NFKC').toUpperCase() })))
      .sort((a, b) => byLength(a.token, b.token)),
    statuses: Object.entries(file.statuses)
      .flatMap(([status, phrases]) => phrases.map((p) => ({ status: status as ReceiptStatus, phrase: fold(p) })))
      .sort((a, b) => byLength(a.phrase, b.phrase)),
    labels: RECEIPT_FIELDS.flatMap((field) => file.labels[field].map((l) => ({ field, label: fold(l) }))).sort((a, b) =>
      byLength(a.label, b.label),
    ),
    timeFormats: file.timeFormats.map((source) => new RegExp(source, 'u')),
    layouts: file.layouts.map((l) => ({
      id: l.id,
      channel: l.channel,
      markers: l.markers.map(fold),
      txnId: new RegExp(`^(?:${l.txnId})$`, 'u'),
      payeeAboveAmount: l.payeeAboveAmount,
    })),
  };
}

/** Checks across fields that a schema cannot express: a label may introduce one field only. */
export function crossCheckReceipts(file: ReceiptsFile): string[] {
  const problems: string[] = [];
  const owner = new Map<string, string>();
  for (const field of RECEIPT_FIELDS) {
    for (const label of file.labels[field]) {
      const other = owner.get(fold(label));
      if (other && other !== field) problems.push(`labels.${field}: "${label}" is also a label of ${other}`);
      owner.set(fold(label), field);
    }
  }
  return problems;
}

/** Loads bots/<bot>/receipts.yaml; a bad file is a DefinitionError naming the file and the path in it. */
export function loadReceiptDefinition(botDir: string): ReceiptDefinition {
  const path = join(botDir, 'receipts.yaml');
  const file = loadDefinition(path, ReceiptsFile);
  const problems = crossCheckReceipts(file);
  if (problems.length > 0) throw new DefinitionError(path, problems);
  return compileReceipts(file);
}
