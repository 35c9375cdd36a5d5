/** The Bot Framework CloudAdapter on /api/messages, talking to a fake channel connector (like the Emulator). */
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { botFrameworkChannel } from '../../adapters/webchat/cloud-adapter.js';
import { createLogger } from '../../src/core/log.js';
import { createApp } from '../../src/server/app.js';
import { listen, type RunningServer } from '../../src/server/listen.js';
import { createMetrics } from '../../src/server/metrics.js';
import { ScriptedBot } from '../unit/webchat/fake-bot.js';

interface Sent {
  type: string;
  text?: string;
  channelData?: { expecting?: { slot: string }; citations?: string[] };
  suggestedActions?: { actions: Array<{ type: string; title: string; value: string }> };
}

const log = createLogger({ level: 'silent', production: true });
const sent: Sent[] = [];
let connector: RunningServer;
let server: RunningServer;
const channel = botFrameworkChannel({ bot: new ScriptedBot(), log, credentials: {}, maxAttachmentBytes: 1024 * 1024 });

beforeAll(async () => {
  const fake = new Hono();
  fake.post('/v3/conversations/:conversation/activities/*', async (c) => {
    sent.push((await c.req.json()) as Sent);
    return c.json({ id: `r${sent.length}` });
  });
  fake.post('/v3/conversations/:conversation/activities', async (c) => {
    sent.push((await c.req.json()) as Sent);
    return c.json({ id: `r${sent.length}` });
  });
  connector = await listen(fake, { port: 0, host: '127.0.0.1' });
  const app = createApp({
    log,
    metrics: createMetrics({ defaultMetrics: false }),
    modules: [channel.module],
    version: 't',
  });
  server = await listen(app, { port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await server?.close(500);
  await connector?.close(500);
});

const activity = (text: string) => ({
  type: 'message',
  id: `m-${Math.random()}`,
  channelId: 'emulator',
  serviceUrl: connector.url,
  from: { id: 'user-1', name: 'Buyer' },
  recipient: { id: 'bot', name: 'refund-desk' },
  conversation: { id: 'conv-1' },
  text,
  locale: 'zh-CN',
});

describe('Bot Framework CloudAdapter on /api/messages', () => {
  it('replies through the channel with typing, text, suggested actions and channelData', async () => {
    const res = await fetch(`${server.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity('订单 KM20261118004217')),
    });
    expect(res.status).toBe(200);
    expect(sent[0]?.type).toBe('typing');
    const reply = sent.find((a) => a.type === 'message');
    expect(reply?.channelData?.expecting?.slot).toBe('scenario');
    expect(reply?.suggestedActions?.actions.map((a) => a.value)).toEqual([
      '/scenario not_delivered',
      '/scenario defective',
    ]);
  });

  it('pushes a decision to a known conversation', async () => {
    const before = sent.length;
    await channel.sink.deliver(
      {
        id: 'botframework:emulator:conv-1',
        channel: 'botframework',
        address: {
          reference: {
            channelId: 'emulator',
            serviceUrl: connector.url,
            conversation: { id: 'conv-1' },
            user: { id: 'user-1' },
            bot: { id: 'bot' },
          },
        },
        buyerId: null,
        lang: 'zh',
        state: null,
        handoff: false,
        version: 1,
        createdAt: new Date().toISOString(),
        updatedAt: new Date().toISOString(),
      },
      [{ lang: 'zh', text: '工单 TK000123 已审核通过。', citations: ['RP-14'] }],
    );
    expect(sent.slice(before).map((a) => a.text)).toEqual(['工单 TK000123 已审核通过。']);
  });

  it('with an app id, refuses requests that Azure did not sign', async () => {
    const secured = botFrameworkChannel({
      bot: new ScriptedBot(),
      log,
      credentials: { MicrosoftAppId: '00000000-0000-0000-0000-000000000001', MicrosoftAppPassword: 'pw' },
      maxAttachmentBytes: 1024,
    });
    const app = createApp({
      log,
      metrics: createMetrics({ defaultMetrics: false }),
      modules: [secured.module],
      version: 't',
    });
    const before = sent.length;
    const res = await app.request('/api/messages', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity('你好')),
    });
    expect(res.status).toBe(401);
    expect(sent.length).toBe(before);
  });

  it('rejects a body that is not JSON', async () => {
    const res = await fetch(`${server.url}/api/messages`, { method: 'POST', body: '{nope' });
    expect(res.status).toBe(400);
  });
});
