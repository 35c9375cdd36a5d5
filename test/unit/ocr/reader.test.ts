import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createOcrReader } from '../../../adapters/ocr/index.js';
import { extractReceipt } from '../../../src/receipts/extract.js';
import { missing } from '../../requirements.js';
import { receiptDefinition } from '../receipts/fixture.js';

const FIXTURES = resolve(import.meta.dirname, '../../fixtures/receipts');
interface Fixture {
  file: string;
  truth: { amount: number; txnId: string; payee: string };
  style: { layout: string };
}
const fixtures = JSON.parse(readFileSync(join(FIXTURES, 'truth.json'), 'utf8')) as Fixture[];

function capture() {
  const lines: string[] = [];
  const log = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line).msg as string) });
  return { log, lines };
}

describe('OCR off', () => {
  it('a missing OCR package turns OCR off with one clear log line', async () => {
    const { log, lines } = capture();
    const reader = createOcrReader({ log, timeoutMs: 20_000, moduleName: '@refund-desk/no-such-ocr-package' });
    const image = readFileSync(join(FIXTURES, fixtures[0]!.file));
    const results = await Promise.all([reader.read(image), reader.read(image)]);
    expect(results.map((r) => r.ok || r.reason)).toEqual(['unavailable', 'unavailable']);
    expect(await reader.read(image)).toMatchObject({ ok: false, reason: 'unavailable' });
    expect(lines).toEqual([
      'OCR off: optional dependency @refund-desk/no-such-ocr-package is not installed (npm install --include=optional turns OCR on); payment receipts are stored but not read',
    ]);
    await reader.close();
  });
});

describe.skipIf(missing('ocr', 'OCR in a worker thread'))('OCR in a worker thread (PaddleOCR on onnxruntime)', () => {
  const { log } = capture();
  const reader = createOcrReader({ log, timeoutMs: 90_000, threads: 1, queueLimit: 2 });
  afterAll(() => reader.close());
  const definition = receiptDefinition();

  it.each(['wechat', 'alipay', 'bank'])(
    'reads the amount and transaction id of a %s receipt',
    { timeout: 120_000 },
    async (layout) => {
      const sample = fixtures.find((f) => f.style.layout === layout)!;
      const reading = await reader.read(readFileSync(join(FIXTURES, sample.file)));
      expect(reading.ok).toBe(true);
      if (!reading.ok) return;
      const fields = extractReceipt(reading.lines, definition);
      expect(fields.amount?.value).toBe(sample.truth.amount);
      expect(fields.txnId?.value).toBe(sample.truth.txnId);
    },
  );

  it('bytes that are not an image are unreadable, and the worker goes on', { timeout: 120_000 }, async () => {
    expect(await reader.read(new TextEncoder().encode('<svg onload=alert(1)>'))).toMatchObject({
      ok: false,
      reason: 'unreadable',
    });
    expect(await reader.read(new Uint8Array(0))).toMatchObject({ ok: false });
  });

  it('past the queue limit an image is answered busy at once', { timeout: 120_000 }, async () => {
    const image = readFileSync(join(FIXTURES, fixtures[0]!.file));
    const all = await Promise.all([1, 2, 3, 4].map(() => reader.read(image)));
    expect(all.filter((r) => !r.ok && r.reason === 'busy').length).toBeGreaterThanOrEqual(1);
    expect(all.filter((r) => r.ok).length).toBeGreaterThanOrEqual(2);
  });

  it('an image over the time limit answers timeout at the limit and the reader keeps working', {
    timeout: 120_000,
  }, async () => {
    const quick = createOcrReader({ log, timeoutMs: 50, threads: 1 });
    const image = readFileSync(join(FIXTURES, fixtures[0]!.file));
    const started = performance.now();
    expect(await quick.read(image)).toMatchObject({ ok: false, reason: 'timeout' });
    expect(performance.now() - started).toBeLessThan(5_000);
    await quick.close();
  });
});
