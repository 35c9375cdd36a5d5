import Database from 'better-sqlite3';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { type LinkCodesOptions, linkCodesModule } from '../../../adapters/telegram/link-codes-route.js';
import { TelegramStore } from '../../../adapters/telegram/store.js';
import { createApp } from '../../../src/server/app.js';
import { createMetrics } from '../../../src/server/metrics.js';

const appWith = (options: Partial<LinkCodesOptions>) =>
  createApp({
    log: pino({ level: 'silent' }),
    metrics: createMetrics({ defaultMetrics: false }),
    version: 'test',
    modules: [
      linkCodesModule({
        store: new TelegramStore(new Database(':memory:')),
        siteSecret: undefined,
        openWithoutSecret: false,
        botUsername: () => 'refund_desk_bot',
        ...options,
      }),
    ],
  });

const ask = (app: ReturnType<typeof appWith>, body: unknown, auth?: string) =>
  app.request('/api/link-codes', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) },
    body: JSON.stringify(body),
  });

describe('POST /api/link-codes', () => {
  it('needs the site secret when one is configured', async () => {
    const app = appWith({ siteSecret: 's3cret' });
    expect((await ask(app, { buyerId: 'b1' })).status).toBe(401);
    expect((await ask(app, { buyerId: 'b1' }, 'Bearer wrong')).status).toBe(401);
    const ok = await ask(app, { buyerId: 'b1' }, 'Bearer s3cret');
    expect(ok.status).toBe(201);
    const body = (await ok.json()) as { code: string; url: string; expiresAt: string };
    expect(body.url).toBe(`https://t.me/refund_desk_bot?start=${body.code}`);
    expect(Date.parse(body.expiresAt)).toBeGreaterThan(Date.now());
  });

  it('is open without a secret only when allowed (sandbox mode)', async () => {
    expect((await ask(appWith({ openWithoutSecret: false }), { buyerId: 'b1' })).status).toBe(401);
    expect((await ask(appWith({ openWithoutSecret: true }), { buyerId: 'b1' })).status).toBe(201);
  });

  it('answers 503 while Telegram is not configured, and 422 for a bad body', async () => {
    const off = appWith({ openWithoutSecret: true, botUsername: () => undefined });
    const response = await ask(off, { buyerId: 'b1' });
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ error: { code: 'telegram_unavailable' } });
    expect((await ask(appWith({ openWithoutSecret: true }), { buyerId: '' })).status).toBe(422);
    expect((await ask(appWith({ openWithoutSecret: true }), { user: 'b1' })).status).toBe(422);
  });
});
