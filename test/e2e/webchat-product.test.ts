/**
 * The whole product (sandbox platform, real dialog, SQLite) through botframework-directlinejs as the
 * demo buyer: a defective-code complaint with an upload ends in a real ticket, and the agent's
 * decision reaches the open chat over the WebSocket.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Media, Message } from 'botframework-directlinejs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Started, startProduct } from '../../app/start.js';
import { loadConfig } from '../../src/config/env.js';
import { createLogger } from '../../src/core/log.js';
import { DirectLineBuyer } from './webchat-client.js';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const TICKET = /TK\d{6,}/;

let product: Started;
let dataDir: string;
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'refund-desk-webchat-'));
  const loaded = loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  product = await startProduct(loaded.config, createLogger({ level: 'silent', production: true }));
}, 120_000);
afterAll(async () => {
  await product?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const expecting = (m: Message) =>
  m.channelData?.expecting as { slot: string; options?: { payload: string }[] } | undefined;

describe('web chat against the whole product', () => {
  it('text, a suggested action, an upload, a real ticket, then the decision pushed over the WebSocket', async () => {
    const url = product.server.url;
    const { token } = (await (await fetch(`${url}/demo/token`, { method: 'POST' })).json()) as { token: string };
    const buyer = new DirectLineBuyer({ token, domain: `${url}/v3/directline` });
    try {
      // A new conversation opens with the bot's greeting and its starting points.
      const greeting = (await buyer.waitFor((a) => a.type === 'message' && a.from.role === 'bot')) as Message;
      expect(greeting.text).toContain('机器人');
      expect(expecting(greeting)?.slot).toBe('scenario');
      let reply = await buyer.say(
        { text: '你好，我买的卡密无效，充不进去，订单号 KM20261118000104' },
        (m) => !!expecting(m),
      );
      let uploaded = false;
      let clicked = 0;
      for (let step = 0; step < 8 && !TICKET.test(reply.text ?? ''); step++) {
        const asked = expecting(reply);
        if (asked?.slot === 'evidence' && !uploaded) {
          uploaded = true;
          reply = await buyer.say(
            {
              attachments: [
                {
                  contentType: 'image/png',
                  contentUrl: `data:image/png;base64,${PNG.toString('base64')}`,
                  name: 'error.png',
                },
              ],
              channelData: { clientActivityID: 'upload-1' },
            },
            (m) => !!expecting(m) || TICKET.test(m.text ?? ''),
          );
          continue;
        }
        const actions = reply.suggestedActions?.actions ?? [];
        const action =
          actions.find((a) => a.type === 'messageBack' && a.text === '/confirm') ??
          actions.find((a) => a.type === 'messageBack' && a.text === '/scenario defective');
        if (action?.type !== 'messageBack') throw new Error(`no way forward from: ${reply.text}`);
        clicked++;
        reply = await buyer.say(
          { text: action.text, value: action.value, channelData: { messageBack: { displayText: action.displayText } } },
          (m) => !!expecting(m) || TICKET.test(m.text ?? ''),
        );
      }
      expect(uploaded).toBe(true);
      expect(clicked).toBeGreaterThan(0);
      const ticketId = TICKET.exec(reply.text ?? '')?.[0];
      expect(ticketId).toBeDefined();

      const echo = (await buyer.waitFor((a) => a.channelData?.clientActivityID === 'upload-1')) as Message;
      expect((echo.attachments?.[0] as Media | undefined)?.contentType).toBe('image/png');

      const ticket = await product.runtime.platform.getTicket(String(ticketId));
      expect(ticket).toMatchObject({ buyerId: 'demo-buyer', orderNo: 'KM20261118000104', channel: 'webchat' });
      expect(ticket?.evidence.some((e) => e.mime === 'image/png')).toBe(true);

      const mark = buyer.received.length;
      const decided = await fetch(`${url}/platform/v1/tickets/${ticketId}/decision`, {
        method: 'POST',
        headers: { authorization: 'Bearer sandbox', 'content-type': 'application/json' },
        body: JSON.stringify({
          decision: 'reject',
          reason: '供应商核实卡密已被使用',
          clauseIds: ['RP-05'],
          agentId: 'agent-1',
        }),
      });
      expect(decided.status).toBeLessThan(300);
      const pushed = await buyer.waitFor((a) => a.type === 'message' && a.channelData?.pushed === true, mark, 20_000);
      expect((pushed as Message).text).toContain(String(ticketId));
    } finally {
      buyer.end();
    }
  }, 120_000);
});
