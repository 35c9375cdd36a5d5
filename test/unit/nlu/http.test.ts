import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/core/log.js';
import { parseHttpModule } from '../../../src/nlu/http.js';
import { MAX_INPUT_CHARS } from '../../../src/nlu/text.js';
import type { Understander } from '../../../src/ports/understander.js';
import { createApp } from '../../../src/server/app.js';
import { createMetrics } from '../../../src/server/metrics.js';
import { trainedUnderstander } from './fixture.js';

const understander: Understander = trainedUnderstander();
const app = createApp({
  log: createLogger({ level: 'silent', production: false }),
  metrics: createMetrics(),
  modules: [parseHttpModule(understander)],
  version: 'test',
});
const post = (body: string, type = 'application/json') =>
  app.request('/api/parse', { method: 'POST', body, headers: { 'content-type': type } });

describe('POST /api/parse', () => {
  it('returns the Rasa-shaped parse', async () => {
    const res = await post(JSON.stringify({ text: '单号km-20261118-004217 卡密一直没发' }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['entities', 'lang', 'ranking', 'scenario', 'text']);
    expect(body).toMatchObject({
      lang: 'zh',
      scenario: { name: 'not_delivered' },
      entities: [{ entity: 'order_no', value: 'KM20261118004217', start: 2, end: 20 }],
    });
  });

  it.each([['{"text": 42}'], ['{"text": null}'], ['{}'], ['["text"]'], ['"text"']])('400 for %s', async (body) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'invalid_text' } });
  });

  it('400 for malformed JSON, 415 for another media type', async () => {
    expect((await post('{"text": ')).status).toBe(400);
    expect((await post('text=hi', 'application/x-www-form-urlencoded')).status).toBe(415);
  });

  it('answers hostile text with a valid parse', async () => {
    const res = await post(JSON.stringify({ text: `<script>alert(1)</script>\u0000${'😀'.repeat(9_000)}` }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { scenario: { name: string; confidence: number } };
    expect(body.scenario.name).toBe('out_of_scope');
  });

  it('refuses text longer than the understander reads (413), and bodies beyond 128 KB', async () => {
    const long = await post(JSON.stringify({ text: '1'.repeat(MAX_INPUT_CHARS + 1) }));
    expect(long.status).toBe(413);
    expect(await long.json()).toMatchObject({ error: { code: 'text_too_long' } });
    expect((await post(JSON.stringify({ text: 'a', pad: 'x'.repeat(200_000) }))).status).toBe(413);
    expect((await post(JSON.stringify({ text: 'a', pad: Array.from({ length: 5_000 }, () => 1) }))).status).toBe(413);
  });
});
