/**
 * No single input keeps the event loop busy: long hostile texts (a REST message of 100k digits used to
 * stop the whole server for 6.5 s, `a.` × 50k for 11 s) are bounded before any pattern runs. Measured
 * as event-loop delay while each request is served, not as wall time. The bound here is generous so
 * that a busy machine does not fail it; `npm run bench:stall` reports the real figures.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, loopDelayDuring, type Product, start } from './harness.js';

/** Generous for a shared, loaded machine (2 cores, several test runs at once); the stalls this catches were seconds long. */
const BOUND_MS = 500;

const ADVERSARIAL: Record<string, string> = {
  '100k digits': '1'.repeat(100_000),
  '`a.` × 50k': 'a.'.repeat(50_000),
  '`KM-2026-` × 12k': 'KM-2026-'.repeat(12_000),
  '100k numerals': '一'.repeat(100_000),
  '`a@a.` × 20k': 'a@a.'.repeat(20_000),
  '1 + 99k spaces + 天': `1${' '.repeat(99_000)}天前`,
};

let product: Product;
beforeAll(async () => {
  product = await start({ LOG_LEVEL: 'silent' });
  // Warm every path once, so a first call's compilation is not counted as a stall.
  await json(product.base, 'POST', '/webhooks/rest/webhook', { sender: 'warm', message: '卡密无效' });
  await json(product.base, 'POST', '/api/parse', { text: '卡密无效' });
  await json(product.base, 'POST', '/api/kb/search', { query: '卡密无效' });
}, 120_000);
afterAll(() => product?.stop());

describe('long hostile input, every text endpoint', () => {
  it.each(Object.entries(ADVERSARIAL))('REST channel: %s', async (_name, input) => {
    let status = 0;
    const delay = await loopDelayDuring(async () => {
      ({ status } = await json(product.base, 'POST', '/webhooks/rest/webhook', {
        sender: `s-${_name}`,
        message: input,
      }));
    });
    expect(status).toBe(200);
    expect(delay).toBeLessThan(BOUND_MS);
  });

  it.each(Object.entries(ADVERSARIAL))('/api/parse: %s (over the cap: 413 at once)', async (_name, input) => {
    let status = 0;
    const delay = await loopDelayDuring(async () => {
      ({ status } = await json(product.base, 'POST', '/api/parse', { text: input }));
    });
    expect([200, 413]).toContain(status);
    expect(delay).toBeLessThan(BOUND_MS);
    const capped = await loopDelayDuring(() =>
      json(product.base, 'POST', '/api/parse', { text: input.slice(0, 20_000) }),
    );
    expect(capped).toBeLessThan(BOUND_MS);
  });

  it.each(Object.entries(ADVERSARIAL))('/api/kb/search: %s', async (_name, input) => {
    const delay = await loopDelayDuring(() =>
      json(product.base, 'POST', '/api/kb/search', { query: input.slice(0, 20_000) }),
    );
    expect(delay).toBeLessThan(BOUND_MS);
  });

  it('a body of a million tiny JSON tokens is refused while it arrives, not parsed', async () => {
    const body = `{"sender":"x","metadata":{${Array.from({ length: 300_000 }, (_, i) => `"k${i}":1`).join(',')}}}`;
    let status = 0;
    const delay = await loopDelayDuring(async () => {
      ({ status } = await json(product.base, 'POST', '/webhooks/rest/webhook', body));
    });
    expect(status).toBe(413);
    expect(delay).toBeLessThan(BOUND_MS);
  });

  it('/healthz keeps answering while hostile messages are handled', async () => {
    const hostile = Object.values(ADVERSARIAL).map((message, i) =>
      json(product.base, 'POST', '/webhooks/rest/webhook', { sender: `h-${i}`, message }),
    );
    const started = performance.now();
    const health = await fetch(`${product.base}/healthz`);
    const healthMs = performance.now() - started;
    await Promise.all(hostile);
    expect(health.status).toBe(200);
    expect(healthMs).toBeLessThan(2_000);
  });
});
