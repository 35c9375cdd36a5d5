/**
 * npm run eval:ocr -- [--count 36] [--seed 7] [--shrink 1] [--dir DIR] [--fixtures] [--verbose]
 *
 * Field-level exact-match accuracy of receipt reading (OCR + extraction) on invented receipts
 * rendered in Debian Chromium, and the time per image (p50/p95, wall clock, one image at a time).
 * By default a fresh set is rendered (seed 7, not the seed of test/fixtures/receipts); --dir reads
 * a set made by `npm run gen:receipts`, --fixtures the fixed sample in the repository; --shrink 0.5
 * renders at half the pixel ratio (small, soft text, like a screenshot forwarded through a chat app).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { createOcrReader } from '../adapters/ocr/index.js';
import { fold, loadReceiptDefinition } from '../src/definition/receipts.js';
import { extractReceipt, type ReceiptFields } from '../src/receipts/extract.js';
import { type RenderedReceipt, renderReceipts } from './receipts/render.js';
import { makeSamples, type ReceiptTruth } from './receipts/sample.js';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '36' },
    seed: { type: 'string', default: '7' },
    shrink: { type: 'string', default: '1' },
    dir: { type: 'string' },
    fixtures: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
  },
});

const FIELDS = ['amount', 'txnId', 'paidAt', 'payee', 'channel', 'status', 'currency', 'merchantOrderNo'] as const;
type Scored = (typeof FIELDS)[number];

function correct(f: Scored, got: ReceiptFields, truth: ReceiptTruth): boolean {
  switch (f) {
    case 'amount':
      return got.amount !== null && Math.abs(got.amount.value - truth.amount) < 0.005;
    case 'payee':
      return got.payee !== null && fold(got.payee.value) === fold(truth.payee);
    case 'merchantOrderNo':
      return (got.merchantOrderNo?.value ?? null) === truth.merchantOrderNo;
    default:
      return got[f]?.value === truth[f];
  }
}

let tmp: string | null = null;
let dir: string;
if (values.fixtures) dir = resolve('test/fixtures/receipts');
else if (values.dir) dir = resolve(values.dir);
else {
  tmp = mkdtempSync(join(tmpdir(), 'eval-ocr-'));
  dir = tmp;
  console.log(`rendering ${values.count} receipts (seed ${values.seed}, shrink ${values.shrink}) in Chromium…`);
  await renderReceipts(makeSamples(Number(values.count), Number(values.seed)), dir, Number(values.shrink));
}
const set = JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')) as RenderedReceipt[];
const definition = loadReceiptDefinition(resolve('bots/refund'));
const reader = createOcrReader({ log: pino({ level: 'warn' }), timeoutMs: 120_000 });

const warm = performance.now();
const first = await reader.read(readFileSync(join(dir, set[0]!.file)));
if (!first.ok) {
  console.error(`OCR did not run: ${first.reason}: ${first.message}`);
  process.exit(1);
}
console.log(`engine start + first image: ${Math.round(performance.now() - warm)} ms (not counted below)`);

const hits = new Map<string, number>();
const count = (key: string, ok: boolean) => hits.set(key, (hits.get(key) ?? 0) + (ok ? 1 : 0));
const times: number[] = [];
for (const sample of set) {
  const reading = await reader.read(readFileSync(join(dir, sample.file)));
  if (!reading.ok) {
    console.log(`${sample.file}: ${reading.reason} ${reading.message}`);
    for (const f of FIELDS) count(f, false);
    continue;
  }
  times.push(reading.ms);
  const got = extractReceipt(reading.lines, definition);
  const wrong: string[] = [];
  for (const f of FIELDS) {
    const ok = correct(f, got, sample.truth);
    count(f, ok);
    count(`${f}:${sample.style.layout}`, ok);
    if (!ok) wrong.push(`${f}=${JSON.stringify(got[f]?.value ?? null)} (want ${JSON.stringify(sample.truth[f])})`);
  }
  if (values.verbose && wrong.length > 0) {
    console.log(`${sample.file}: ${wrong.join(', ')}`);
    console.log(`  lines: ${reading.lines.map((l) => l.text).join(' | ')}`);
  }
}
await reader.close();
if (tmp) rmSync(tmp, { recursive: true, force: true });

const n = set.length;
const layouts = [...new Set(set.map((s) => s.style.layout))];
console.log(
  `\n${n} receipts (${layouts.map((l) => `${set.filter((s) => s.style.layout === l).length} ${l}`).join(', ')})`,
);
console.log(`field            exact-match   ${layouts.map((l) => l.padEnd(8)).join(' ')}`);
for (const f of FIELDS) {
  const per = layouts.map((l) => {
    const total = set.filter((s) => s.style.layout === l).length;
    return `${hits.get(`${f}:${l}`) ?? 0}/${total}`.padEnd(8);
  });
  console.log(`${f.padEnd(16)} ${((hits.get(f) ?? 0) / n).toFixed(3).padEnd(13)} ${per.join(' ')}`);
}
times.sort((a, b) => a - b);
const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? Number.NaN;
console.log(`\ntime per image: p50 ${q(0.5)} ms, p95 ${q(0.95)} ms, max ${times.at(-1)} ms (${times.length} images)`);
console.log(
  `load average at the end: ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} on ${availableParallelism()} cores`,
);
const target = ['amount', 'txnId'].every((f) => (hits.get(f) ?? 0) / n >= 0.95);
console.log(`target (amount and txnId ≥ 0.95): ${target ? 'met' : 'NOT met'}`);
