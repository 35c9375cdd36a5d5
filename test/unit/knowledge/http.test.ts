import { resolve } from 'node:path';
import type { Hono } from 'hono';
import { pino } from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { kbSearchModule } from '../../../src/knowledge/http.js';
import { HybridRetriever } from '../../../src/knowledge/hybrid-retriever.js';
import { loadKnowledge } from '../../../src/knowledge/ingest.js';
import { loadLexicon } from '../../../src/knowledge/lexicon.js';
import { Tokeniser } from '../../../src/knowledge/tokenise.js';
import { createApp } from '../../../src/server/app.js';
import { createMetrics } from '../../../src/server/metrics.js';

const KNOWLEDGE = resolve(import.meta.dirname, '../../../knowledge');
let app: Hono;
beforeAll(() => {
  const retriever = new HybridRetriever(loadKnowledge(KNOWLEDGE).clauses, new Tokeniser(loadLexicon(KNOWLEDGE)));
  app = createApp({
    log: pino({ level: 'silent' }),
    metrics: createMetrics({ defaultMetrics: false }),
    modules: [kbSearchModule(retriever)],
    version: 'test',
  });
});

const post = (body: unknown, type = 'application/json') =>
  app.request('/api/kb/search', {
    method: 'POST',
    headers: { 'content-type': type },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('POST /api/kb/search', () => {
  it('returns clauses in the SPEC §2 shape', async () => {
    const res = await post({ query: '重复扣款怎么退', k: 2 });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { results: Array<Record<string, unknown>> };
    expect(body.results).toHaveLength(2);
    expect(Object.keys(body.results[0]!).sort()).toEqual(['clauseId', 'document', 'score', 'text', 'title']);
    expect(body.results.map((r) => r.clauseId)).toContain('RP-04');
  });

  it('answers in English for an English question', async () => {
    const body = (await (await post({ query: 'how do I appeal a rejected refund?' })).json()) as {
      results: Array<{ clauseId: string; title: string }>;
    };
    expect(body.results[0]?.clauseId).toBe('RP-15');
    expect(body.results[0]?.title).toMatch(/Appeal/);
  });

  it.each([
    ['an empty query', { query: '' }],
    ['emoji only', { query: '🙃🙃🙃' }],
    ['a 10,000-character query', { query: '退'.repeat(10_000) }],
    ['regex metacharacters', { query: '(.*)+[a-z]{1,}\\d?$^' }],
    ['SQL', { query: "1' OR '1'='1'; DROP TABLE x;--" }],
  ])('answers 200 with a list for %s', async (_name, body) => {
    const res = await post(body);
    expect(res.status).toBe(200);
    expect(Array.isArray(((await res.json()) as { results: unknown[] }).results)).toBe(true);
  });

  it.each([
    ['malformed JSON', '{"query": ', 400],
    ['no query', {}, 422],
    ['a query that is not text', { query: 42 }, 422],
    ['k out of range', { query: '退款', k: 0 }, 422],
    ['k not a whole number', { query: '退款', k: 1.5 }, 422],
    ['an unknown language', { query: '退款', lang: 'fr' }, 422],
    ['an absurdly long query', { query: 'x'.repeat(20_001) }, 422],
  ])('rejects %s with a clear client error', async (_name, body, status) => {
    const res = await post(body);
    expect(res.status).toBe(status);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBeTruthy();
  });

  it('refuses a body that is not JSON', async () => {
    expect((await post('query=x', 'application/x-www-form-urlencoded')).status).toBe(415);
  });
});
