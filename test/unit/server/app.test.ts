import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createApp } from '../../../src/server/app.js';
import { readJson } from '../../../src/server/body.js';
import { ApiError } from '../../../src/server/errors.js';
import { createMetrics } from '../../../src/server/metrics.js';

function app() {
  return createApp({
    log: pino({ level: 'silent' }),
    metrics: createMetrics({ defaultMetrics: false }),
    version: '9.9.9',
    modules: [
      {
        name: 'echo',
        mount(a) {
          a.post('/echo', async (c) => c.json(await readJson(c, z.object({ name: z.string(), n: z.number().int() }))));
          a.get('/boom', () => {
            throw new Error('secret internals');
          });
          a.get('/teapot', () => {
            throw new ApiError(409, 'conflict', 'already there');
          });
        },
      },
    ],
  });
}

const post = (body: BodyInit, type = 'application/json') =>
  app().request('/echo', { method: 'POST', body, headers: { 'content-type': type } });

describe('HTTP app', () => {
  it('answers /healthz and /metrics', async () => {
    const a = app();
    const health = await a.request('/healthz');
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', version: '9.9.9' });
    const metrics = await a.request('/metrics');
    expect(await metrics.text()).toContain(
      'refund_desk_http_requests_total{method="GET",route="/healthz",status="200"} 1',
    );
  });

  it('accepts a valid body', async () => {
    const res = await post(JSON.stringify({ name: 'a', n: 1 }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ name: 'a', n: 1 });
  });

  it.each([
    ['malformed JSON', '{"name":', 400, 'malformed_json'],
    ['a wrong type', JSON.stringify({ name: 'a', n: 'one' }), 422, 'invalid_body'],
    ['a missing field', JSON.stringify({ n: 1 }), 422, 'invalid_body'],
    ['an array', '[]', 422, 'invalid_body'],
  ])('refuses %s with a named 4xx', async (_what, body, status, code) => {
    const res = await post(body);
    expect(res.status).toBe(status);
    const json = (await res.json()) as { error: { code: string; message: string } };
    expect(json.error.code).toBe(code);
    if (status === 422) expect(json.error.message).toMatch(/name|n|body/);
  });

  it('refuses bodies over 1 MB and the wrong media type', async () => {
    const big = JSON.stringify({ name: 'x'.repeat(1024 * 1024), n: 1 });
    expect((await post(big)).status).toBe(413);
    expect((await post('name=a', 'application/x-www-form-urlencoded')).status).toBe(415);
  });

  it('maps unknown routes to 404, ApiError to its status, and hides internals of other errors', async () => {
    const a = app();
    expect((await a.request('/nope')).status).toBe(404);
    const teapot = await a.request('/teapot');
    expect(teapot.status).toBe(409);
    expect(await teapot.json()).toEqual({ error: { code: 'conflict', message: 'already there' } });
    const boom = await a.request('/boom');
    expect(boom.status).toBe(500);
    expect(await boom.text()).not.toContain('secret internals');
  });
});
