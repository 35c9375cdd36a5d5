/**
 * A careless operator: NODE_ENV=production with nothing else set used to serve the sandbox platform,
 * /demo, /demo/token and a REST channel trusting any sender, silently; /metrics and /api/kb/search
 * were open, and missing REST_CALLBACK_URL only showed later as buyers never hearing decisions.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ServingRefused } from '../../app/start.js';
import { json, type Product, start } from './harness.js';

const running: Product[] = [];
afterAll(async () => {
  for (const p of running) await p.stop();
});

describe('production start-up', () => {
  it('refuses sandbox settings in production and names each missing secret', async () => {
    const err = await start({ NODE_ENV: 'production', LOG_LEVEL: 'silent' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServingRefused);
    const problems = (err as ServingRefused).problems.join('\n');
    for (const name of ['PLATFORM_API_URL', 'PLATFORM_API_KEY', 'PLATFORM_WEBHOOK_SECRET'])
      expect(problems).toContain(name);
  });

  it('`refund-desk start` exits 1 saying so', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'refund-desk-refuse-'));
    try {
      const run = spawnSync(
        process.execPath,
        [new URL('../../bin/refund-desk.js', import.meta.url).pathname, 'start'],
        {
          env: { PATH: process.env.PATH, NODE_ENV: 'production', DATA_DIR: dataDir, PORT: '0' },
          encoding: 'utf8',
          timeout: 60_000,
        },
      );
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/PLATFORM_API_KEY/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses the well-known key against a remote platform too', async () => {
    const err = await start({
      PLATFORM_API_URL: 'http://127.0.0.1:9/platform',
      PLATFORM_WEBHOOK_SECRET: 'x'.repeat(32),
      LOG_LEVEL: 'silent',
    }).catch((e: unknown) => e);
    expect((err as ServingRefused).problems.join()).toContain('PLATFORM_API_KEY');
  });

  it('when the sandbox is explicitly allowed: site APIs and metrics closed without their secrets, one summary of what is exposed', async () => {
    const p = await start({
      NODE_ENV: 'production',
      ALLOW_SANDBOX_SETTINGS: 'true',
      PLATFORM_API_KEY: 'a-long-sandbox-key',
      LOG_LEVEL: 'info',
    });
    running.push(p);
    const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      json(p.base, 'POST', path, body, { 'content-type': 'application/json', ...headers });
    expect((await post('/webhooks/rest/webhook', { sender: 'demo-buyer', message: 'hi' })).status).toBe(503);
    expect((await post('/api/parse', { text: 'hi' })).status).toBe(503);
    expect((await post('/api/kb/search', { query: 'refund' })).status).toBe(503);
    expect((await json(p.base, 'GET', '/metrics')).status).toBe(503);
    // The well-known key no longer reads orders.
    const order = await json(p.base, 'GET', '/platform/v1/orders/KM20261118000201', undefined, {
      authorization: 'Bearer sandbox',
    });
    expect(order.status).toBe(401);

    const summaries = p.logs.filter((l) => l.msg === 'what this instance exposes');
    expect(summaries).toHaveLength(1);
    const exposure = summaries[0]!.exposure as {
      channels: object;
      open: string[];
      closed: string[];
      warnings: string[];
    };
    expect(Object.keys(exposure.channels)).toEqual(expect.arrayContaining(['rest', 'webchat', 'telegram']));
    expect(exposure.open).toEqual(expect.arrayContaining(['/healthz', '/demo']));
    expect(exposure.closed.join()).toContain('REST_CHANNEL_SECRET');
    expect(exposure.closed.join()).toContain('METRICS_TOKEN');
    expect(exposure.warnings.join('\n')).toMatch(/REST_CALLBACK_URL/);
    expect(exposure.warnings.join('\n')).toMatch(/sandbox platform and \/demo are served in production/);
  });

  it('with the secrets set, the site APIs and /metrics answer only with them', async () => {
    const p = await start({
      NODE_ENV: 'production',
      ALLOW_SANDBOX_SETTINGS: 'true',
      PLATFORM_API_KEY: 'a-long-sandbox-key',
      REST_CHANNEL_SECRET: 'site-secret',
      METRICS_TOKEN: 'metrics-token',
      LOG_LEVEL: 'silent',
    });
    running.push(p);
    const site = { 'content-type': 'application/json', authorization: 'Bearer site-secret' };
    expect((await json(p.base, 'POST', '/api/kb/search', { query: 'refund' })).status).toBe(401);
    expect((await json(p.base, 'POST', '/api/kb/search', { query: 'refund' }, site)).status).toBe(200);
    expect((await json(p.base, 'POST', '/api/parse', { text: 'refund' }, site)).status).toBe(200);
    expect((await json(p.base, 'GET', '/metrics', undefined, { authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await json(p.base, 'GET', '/metrics', undefined, { authorization: 'Bearer metrics-token' })).status).toBe(
      200,
    );
  });

  it('the embedded default (development, sandbox) still needs nothing', async () => {
    const p = await start({ LOG_LEVEL: 'silent' });
    running.push(p);
    expect(
      (await json(p.base, 'POST', '/webhooks/rest/webhook', { sender: 'demo-buyer', message: '你好' })).status,
    ).toBe(200);
    expect((await json(p.base, 'POST', '/api/kb/search', { query: '退款' })).status).toBe(200);
    expect((await json(p.base, 'GET', '/metrics')).status).toBe(200);
    expect((await json(p.base, 'GET', '/demo')).status).toBe(200);
  });
});
