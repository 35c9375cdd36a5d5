/**
 * npm run gen:receipts -- [--count 30] [--seed 1] [--shrink 1] [--out DIR] [--conversation]
 * Renders invented payment receipts (WeChat, Alipay, bank app look-alikes) in Debian Chromium, with
 * their truth in DIR/truth.json. test/fixtures/receipts/ was made with `--count 12 --seed 2026`,
 * test/fixtures/receipts/conversation/ with `--conversation` (the receipts of the dialog tests).
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { renderReceipts } from './receipts/render.js';
import { conversationSamples, makeSamples } from './receipts/sample.js';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '30' },
    seed: { type: 'string', default: '1' },
    out: { type: 'string', default: 'test-artifacts/receipts' },
    conversation: { type: 'boolean', default: false },
    shrink: { type: 'string', default: '1' },
  },
});
const dir = resolve(values.out);
mkdirSync(dir, { recursive: true });
const samples = values.conversation ? conversationSamples() : makeSamples(Number(values.count), Number(values.seed));
const rendered = await renderReceipts(samples, dir, Number(values.shrink));
console.log(`${rendered.length} receipts and truth.json in ${dir}`);
