/** app/telegram.ts: the mode chosen from configuration, over real sockets, against the emulator. */
import Database from 'better-sqlite3';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTelegram, type TelegramWiring } from '../../app/telegram.js';
import type { Bot, InboundMessage } from '../../src/core/messages.js';
import { createApp } from '../../src/server/app.js';
import { listen, type RunningServer } from '../../src/server/listen.js';
import { createMetrics, type Metrics } from '../../src/server/metrics.js';
import { BOT_TOKEN, freePort, TelegramHarness } from './telegram-harness.js';

const log = pino({ level: 'silent' });
const heard: InboundMessage[] = [];
const desk: Bot = {
  async handle(m) {
    heard.push(m);
    return [{ text: `echo: ${m.text ?? ''}`, lang: 'en' }];
  },
};

let harness: TelegramHarness;
let wiring: TelegramWiring | undefined;
let server: RunningServer | undefined;
let metrics: Metrics;

async function serve(env: Partial<Parameters<typeof createTelegram>[0]['config']>): Promise<string> {
  metrics = createMetrics({ defaultMetrics: false });
  const config = {
    TELEGRAM_BOT_TOKEN: BOT_TOKEN,
    TELEGRAM_API_ROOT: harness.apiRoot,
    TELEGRAM_WEBHOOK_URL: undefined,
    TELEGRAM_WEBHOOK_SECRET: undefined,
    REST_CHANNEL_SECRET: undefined,
    openWithoutSecrets: true,
    ...env,
  };
  wiring = createTelegram({ config, log, desk, db: new Database(':memory:'), metrics });
  const app = createApp({
    log,
    metrics: createMetrics({ defaultMetrics: false }),
    version: 't',
    modules: wiring.httpModules,
  });
  server = await listen(app, { port: 0, host: '127.0.0.1' });
  return server.url;
}

beforeAll(async () => {
  harness = await TelegramHarness.start();
});
afterAll(async () => {
  await harness?.stop();
});
afterEach(async () => {
  await wiring?.close();
  await server?.close();
  wiring = undefined;
  server = undefined;
});

describe('Telegram wiring', () => {
  it('is off without a token, and the link-code endpoint says so', async () => {
    const url = await serve({ TELEGRAM_BOT_TOKEN: undefined });
    expect(wiring?.mode).toBe('off');
    expect(wiring?.sink).toBeUndefined();
    const response = await fetch(`${url}/api/link-codes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ buyerId: 'b' }),
    });
    expect(response.status).toBe(503);
  });

  it('long-polls when no webhook URL is set, removing an old webhook first', async () => {
    await serve({});
    expect(wiring?.mode).toBe('polling');
    const deleted = harness.deletedWebhooks;
    await wiring?.start();
    expect(harness.deletedWebhooks).toBe(deleted + 1);
    const buyer = harness.user(3001);
    await buyer.says('hi');
    const [reply] = await harness.waitForBotMessages(buyer.id, 1);
    expect(reply?.text).toBe('echo: hi');
    await expect
      .poll(async () => (await metrics.registry.getSingleMetricAsString('refund_desk_telegram_updates_total')).trim())
      .toContain('refund_desk_telegram_updates_total{outcome="handled"} 1');
  });

  it('in webhook mode registers the URL with its secret and only accepts updates carrying it', async () => {
    const port = await freePort();
    const webhookUrl = `http://127.0.0.1:${port}/telegram/webhook`;
    wiring = createTelegram({
      config: {
        TELEGRAM_BOT_TOKEN: BOT_TOKEN,
        TELEGRAM_API_ROOT: harness.apiRoot,
        TELEGRAM_WEBHOOK_URL: webhookUrl,
        TELEGRAM_WEBHOOK_SECRET: 'a-long-webhook-secret',
        REST_CHANNEL_SECRET: undefined,
        openWithoutSecrets: true,
      },
      log,
      desk,
      db: new Database(':memory:'),
    });
    const app = createApp({
      log,
      metrics: createMetrics({ defaultMetrics: false }),
      version: 't',
      modules: wiring.httpModules,
    });
    server = await listen(app, { port, host: '127.0.0.1' });
    expect(wiring.mode).toBe('webhook');
    await wiring.start();
    expect(harness.webhook).toEqual({ url: webhookUrl, secretToken: 'a-long-webhook-secret' });

    const buyer = harness.user(3002, { languageCode: 'en' });
    expect(await harness.deliverToWebhook(buyer.update(800_001, { text: 'forged' }), 'guess')).toBe(401);
    expect(await harness.deliverToWebhook(buyer.update(800_002, { text: 'no header' }), null)).toBe(401);
    expect(await harness.deliverToWebhook(buyer.update(800_003, { text: 'real' }))).toBe(200);
    expect(heard.filter((m) => m.userId === String(buyer.id)).map((m) => m.text)).toEqual(['real']);
    expect(harness.botMessages(buyer.id).map((m) => m.text)).toEqual(['echo: real']);
  });
});
