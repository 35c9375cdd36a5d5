import { resolve } from 'node:path';
import { loadReceiptDefinition, type ReceiptDefinition } from '../../../src/definition/receipts.js';
import type { TextLine } from '../../../src/ports/image-text-reader.js';

let cached: ReceiptDefinition | null = null;
export const receiptDefinition = (): ReceiptDefinition =>
  (cached ??= loadReceiptDefinition(resolve(import.meta.dirname, '../../../bots/refund')));

/**
 * OCR lines laid out like a screen: each entry is one row, `|` splits it into boxes left to right.
 * `big` rows are set in large type (the amount).
 */
export function screen(rows: (string | { text: string; big?: boolean; confidence?: number })[]): TextLine[] {
  const lines: TextLine[] = [];
  let y = 20;
  for (const row of rows) {
    const { text, big = false, confidence = 0.98 } = typeof row === 'string' ? { text: row } : row;
    const height = big ? 48 : 22;
    text.split('|').forEach((part, i) => {
      lines.push({ text: part.trim(), confidence, box: { x: 30 + i * 300, y: y + i, width: 200, height } });
    });
    y += height + 18;
  }
  return lines;
}
