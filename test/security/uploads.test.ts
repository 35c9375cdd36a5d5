/**
 * Uploads on the REST channel and the evidence store. One request used to carry 4 × 9.9 MB (the
 * limit was per file), 30 MB of `metadata` was accepted (300k keys took 1.2 s to parse), and
 * concurrent large requests grew memory without bound.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, loopDelayDuring, type Product, start } from './harness.js';

const MB = 1024 * 1024;

/** A real PNG header followed by `size` bytes that carry a marker we can look for on disk. */
function png(size: number, marker: string): Buffer {
  const head = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
  const body = Buffer.alloc(size, 0x41);
  body.write(marker, 64);
  return Buffer.concat([head, body]);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** How many files under DATA_DIR hold `marker` (the SQLite database and its WAL included). */
const copiesOf = (dataDir: string, marker: string) =>
  filesUnder(dataDir).filter((f) => readFileSync(f).includes(marker)).length;

let product: Product;
const upload = (sender: string, files: Array<{ name: string; bytes: Buffer; contentType?: string }>, extra = {}) =>
  json(product.base, 'POST', '/webhooks/rest/webhook', {
    sender,
    message: '',
    attachments: files.map((f) => ({
      name: f.name,
      contentType: f.contentType ?? 'image/png',
      contentBase64: f.bytes.toString('base64'),
    })),
    ...extra,
  });

beforeAll(async () => {
  product = await start({
    LOG_LEVEL: 'silent',
    ATTACHMENT_MAX_BYTES: String(4 * MB),
    BODY_MEMORY_MAX_BYTES: String(18 * MB),
  });
}, 120_000);
afterAll(() => product?.stop());

describe('uploads', () => {
  it('limits all files of one request together, not each file', async () => {
    const files = [0, 1, 2, 3].map((i) => ({ name: `shot-${i}.png`, bytes: png(3.9 * MB, `MANY-${i}`) }));
    const res = await upload('u-many', files);
    expect(res.status).toBe(413);
    expect(copiesOf(product.dataDir, 'MANY-0')).toBe(0);
  });

  it('stores nothing of a file it rejects (an SVG or HTML named .png)', async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><!--SVG-MARKER--></svg>');
    const html = Buffer.from('<!doctype html><script>alert(1)</script><!--HTML-MARKER-->');
    const res = await upload('u-hostile', [
      { name: 'receipt.png', bytes: svg },
      { name: 'error.png', bytes: html },
    ]);
    expect(res.status).toBe(200);
    expect(copiesOf(product.dataDir, 'SVG-MARKER')).toBe(0);
    expect(copiesOf(product.dataDir, 'HTML-MARKER')).toBe(0);
    expect(await product.started.runtime.storage.attachments.listByConversation('rest:u-hostile')).toEqual([]);
  });

  it('stores the bytes of an accepted image once', async () => {
    const res = await upload('u-once', [{ name: 'error.png', bytes: png(200 * 1024, 'STORED-ONCE-MARKER') }]);
    expect(res.status).toBe(200);
    expect(copiesOf(product.dataDir, 'STORED-ONCE-MARKER')).toBe(1);
    expect(await product.started.runtime.storage.attachments.listByConversation('rest:u-once')).toHaveLength(1);
  });

  it('keeps a message without files small: 30 MB of metadata, or 300k keys, are refused quickly', async () => {
    const big = await json(product.base, 'POST', '/webhooks/rest/webhook', {
      sender: 'u-meta',
      message: 'hi',
      metadata: { note: 'x'.repeat(30 * MB) },
    });
    expect(big.status).toBe(413);
    const keys = `{"sender":"u-keys","message":"hi","metadata":{${Array.from({ length: 300_000 }, (_, i) => `"k${i}":${i}`).join(',')}}}`;
    let status = 0;
    const delay = await loopDelayDuring(async () => {
      ({ status } = await json(product.base, 'POST', '/webhooks/rest/webhook', keys));
    });
    expect(status).toBe(413);
    expect(delay).toBeLessThan(500);
  });

  it('receives no more at once than the memory budget allows: the rest are told to retry', async () => {
    const file = (i: number) => [{ name: `c-${i}.png`, bytes: png(3.9 * MB, `CONCURRENT-${i}`) }];
    const results = await Promise.all([0, 1, 2, 3, 4].map((i) => upload(`u-c${i}`, file(i))));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toContain(200);
    expect(statuses).toContain(503);
    expect(statuses.every((s) => s === 200 || s === 503)).toBe(true);
    expect(results.find((r) => r.status === 503)?.body).toMatchObject({ error: { code: 'busy' } });
  });
});
