import { describe, expect, it } from 'vitest';
import { matchedCharges, receiptPanel, receiptReadings } from '../../../src/console/receipts.js';
import type { JsonObject } from '../../../src/core/json.js';
import type { TranscriptEntry } from '../../../src/ports/transcript-store.js';

const entry = (payload: TranscriptEntry['payload']): TranscriptEntry => ({
  conversationId: 'c1',
  seq: 1,
  at: '2026-11-18T07:00:00Z',
  direction: 'system',
  channel: 'rest',
  actor: 'bot',
  type: 'event',
  payload,
  attachments: [],
  prevHash: '',
  hash: '',
});

const f = (value: string | number, confidence = 0.97) => ({ value, confidence });
const read = (sha256: string, match: JsonObject | undefined, payee = '星辰数字卡铺'): JsonObject => ({
  event: 'receipt_read',
  sha256,
  ok: true,
  receipt: true,
  ms: 1800,
  fields: {
    layout: 'wechat',
    channel: f('wechat'),
    amount: f(98),
    currency: f('CNY'),
    paidAt: f('2026-11-18T14:35:12+08:00'),
    payee: f(payee),
    txnId: f('4200002345202611181234567891'),
    merchantOrderNo: null,
    status: f('paid'),
  },
  ...(match ? { match } : {}),
});

describe('receipts on the ticket page', () => {
  const transcript = [
    entry({ event: 'evidence_received', kind: 'payment_proof' }),
    entry(
      read('a'.repeat(64), {
        result: 'extra_charge',
        support: 'strong',
        chargeTxnId: 'T-1',
        mismatches: [],
        confidence: 0.97,
      }),
    ),
    entry(
      read(
        'b'.repeat(64),
        { result: 'mismatch', support: 'none', chargeTxnId: null, mismatches: ['amount'], confidence: 0.9 },
        '<b>x</b>',
      ),
    ),
    entry({ event: 'receipt_read', sha256: 'c'.repeat(64), ok: false, reason: 'timeout', ms: 8000 }),
    entry({ event: 'receipt_read', sha256: 'd'.repeat(64), ok: true, receipt: true, fields: 'garbage' }),
  ];
  const readings = receiptReadings(transcript);

  it('finds the readings of receipts, not failed reads or malformed payloads', () => {
    expect([...readings.keys()]).toEqual(['a'.repeat(64), 'b'.repeat(64)]);
    expect(matchedCharges(readings.values())).toEqual(new Set(['T-1']));
  });

  it('shows the fields with confidence and the match, and flags the field that does not match', () => {
    const ok = String(receiptPanel('en', readings.get('a'.repeat(64))!));
    expect(ok).toContain('data-receipt="extra_charge"');
    expect(ok).toContain('98.00 CNY');
    expect(ok).toContain('0.97');
    expect(ok).toContain('supports a duplicate charge');
    expect(ok).not.toContain('class="flag"');

    const bad = String(receiptPanel('zh', readings.get('b'.repeat(64))!));
    expect(bad).toMatch(/<tr class="flag" data-field="amount">/);
    expect(bad).toContain('与订单不符');
  });

  it('renders OCR text as text', () => {
    const html = String(receiptPanel('en', readings.get('b'.repeat(64))!));
    expect(html).toContain('&lt;b&gt;x&lt;/b&gt;');
    expect(html).not.toContain('<b>x</b>');
  });
});
