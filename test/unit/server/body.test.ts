/** Request bodies at the boundary: JSON counted token by token as it arrives, memory shared by a budget. */
import { describe, expect, it } from 'vitest';
import { BodyBudget, jsonTokenLimit, readLimited } from '../../../src/server/body.js';
import { ApiError } from '../../../src/server/errors.js';

const bytes = (s: string) => new TextEncoder().encode(s);
const feed = (max: number, ...chunks: string[]) => {
  const count = jsonTokenLimit(max);
  for (const c of chunks) count(bytes(c));
};

describe('jsonTokenLimit', () => {
  it('counts keys and values outside strings, across chunk boundaries', () => {
    expect(() => feed(8, '{"a":1,"b":[1,2]}')).not.toThrow();
    expect(() => feed(7, '{"a":1,"b":[1,2]}')).toThrow(ApiError);
    // Punctuation inside strings, escaped quotes and a string split between chunks are not tokens.
    expect(() => feed(4, '{"text":"a,b:c[{\\"', ',,,,\\",:"}')).not.toThrow();
  });

  it('refuses a body of many small tokens with 413', () => {
    const body = `{${Array.from({ length: 50 }, (_, i) => `"k${i}":1`).join(',')}}`;
    try {
      feed(20, body);
      expect.unreachable();
    } catch (err) {
      expect(err).toMatchObject({ status: 413, code: 'too_complex' });
    }
  });
});

describe('BodyBudget', () => {
  it('shares bytes across requests and gives them back on release', () => {
    const budget = new BodyBudget(100);
    const a = budget.lease();
    const b = budget.lease();
    a.take(60);
    expect(() => b.take(50)).toThrow(expect.objectContaining({ status: 503, code: 'busy' }));
    a.release();
    expect(() => b.take(50)).not.toThrow();
  });
});

describe('readLimited', () => {
  it('reads a body of declared length into one buffer, and refuses one over the limit', async () => {
    const body = 'x'.repeat(1000);
    const request = new Request('http://x.test/', { method: 'POST', body, headers: { 'content-length': '1000' } });
    expect(new TextDecoder().decode(await readLimited(request, 2000))).toBe(body);
    const big = new Request('http://x.test/', { method: 'POST', body: 'x'.repeat(3000) });
    await expect(readLimited(big, 2000)).rejects.toMatchObject({ status: 413 });
  });
});
