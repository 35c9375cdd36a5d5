/** app/platform.ts: the sandbox in sandbox mode (seeded, served at /platform), the HTTP client in remote mode. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_CASES } from '../../../adapters/platform/sandbox/index.js';
import { createPlatform } from '../../../app/platform.js';
import { loadConfig } from '../../../src/config/env.js';
import { Topic } from '../../../src/core/events.js';
import type { Ticket } from '../../../src/ports/platform.js';
import { createApp } from '../../../src/server/app.js';
import { createMetrics } from '../../../src/server/metrics.js';
import { silentLog } from '../../contract/platform.fixture.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function config(env: Record<string, string>) {
  const result = loadConfig(env);
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.config;
}

describe('createPlatform', () => {
  it('sandbox mode: seeds the sandbox file once and serves it at /platform with the API key', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'platform-wiring-'));
    dirs.push(dataDir);
    const cfg = config({ PLATFORM_API_KEY: 'demo-key', PLATFORM_WEBHOOK_URL: 'http://127.0.0.1:9/hooks/platform' });
    const first = await createPlatform({ config: cfg, log: silentLog, dataDir, ticketUpdates: new Topic<Ticket>() });
    const orderNo = DEMO_CASES[0]!.orderNo;
    expect(await first.port.getOrder(orderNo)).toMatchObject({ buyerId: 'demo-buyer' });
    const app = createApp({
      log: silentLog,
      metrics: createMetrics({ defaultMetrics: false }),
      version: 't',
      modules: first.httpModules,
    });
    const res = await app.request(`/platform/v1/orders/${orderNo}`, { headers: { authorization: 'Bearer demo-key' } });
    expect(res.status).toBe(200);
    expect(first.httpModules.map((m) => m.name)).toEqual(['platform-sandbox', 'platform-hooks']);
    await first.close();

    const again = await createPlatform({ config: cfg, log: silentLog, dataDir, ticketUpdates: new Topic<Ticket>() });
    expect(again.sandbox?.service.listTickets({ buyerId: 'demo-buyer' })).toHaveLength(
      DEMO_CASES.filter((c) => c.ticket).length,
    );
    await again.close();
  });

  it('remote mode: the HTTP client and the webhook receiver, no sandbox', async () => {
    const cfg = config({ PLATFORM_API_URL: 'http://127.0.0.1:9/api', PLATFORM_WEBHOOK_SECRET: 's' });
    const wiring = await createPlatform({
      config: cfg,
      log: silentLog,
      dataDir: '/nonexistent',
      ticketUpdates: new Topic<Ticket>(),
    });
    expect(wiring.sandbox).toBeUndefined();
    expect(wiring.httpModules.map((m) => m.name)).toEqual(['platform-hooks']);
    await expect(wiring.port.getOrder('KM1')).rejects.toMatchObject({ status: 0 });
    await wiring.close();
  });
});
