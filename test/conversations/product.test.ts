/**
 * The whole product in-process: a buyer talks through the REST channel to a real ticket in the sandbox;
 * the platform comes back with a decision (signed webhook → ticketUpdates) and the buyer hears it on the
 * site's REST_CALLBACK_URL; a platform outage queues the ticket and the buyer is told once it is open.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Started, startProduct } from '../../app/start.js';
import { loadConfig } from '../../src/config/env.js';
import { createLogger } from '../../src/core/log.js';

const dataDir = mkdtempSync(join(tmpdir(), 'refund-desk-product-'));
const pushed: Array<{ recipient_id: string; text: string; custom?: { citations?: string[] } }> = [];
let callback: Server;
let product: Started;
let base = '';
const auth = { authorization: 'Bearer sandbox', 'content-type': 'application/json' };

beforeAll(async () => {
  callback = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => {
      body += d;
    });
    req.on('end', () => {
      pushed.push(...(JSON.parse(body) as typeof pushed));
      res.end('ok');
    });
  });
  await new Promise<void>((r) => callback.listen(0, '127.0.0.1', r));
  const address = callback.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const loaded = loadConfig({
    PORT: '0',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    REST_CALLBACK_URL: `http://127.0.0.1:${port}/cb`,
  });
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  product = await startProduct(loaded.config, createLogger({ level: 'silent', production: true }));
  base = product.server.url;
}, 120_000);

afterAll(async () => {
  await product?.stop();
  callback?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const say = async (sender: string, message: string) => {
  const res = await fetch(`${base}/webhooks/rest/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sender, message }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Array<{ text: string; custom: { expecting?: { slot: string }; citations?: string[] } }>;
};

const newOrder = async (buyerId: string, fields: object = {}) => {
  const res = await fetch(`${base}/platform/v1/sandbox/orders`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ buyerId, status: 'delivered', ...fields }),
  });
  return ((await res.json()) as { orderNo: string }).orderNo;
};

const until = async (check: () => boolean) => {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 100));
  expect(check()).toBe(true);
};

describe('the product, end to end through the REST channel', () => {
  it("opens a ticket, and pushes the agent's decision to the site with the appeal deadline", async () => {
    const orderNo = await newOrder('e2e-buyer-1');
    const [asked] = await say('e2e-buyer-1', `订单 ${orderNo} 的兑换码提示无效`);
    expect(asked?.custom.expecting?.slot).toBe('evidence');
    await say('e2e-buyer-1', '/no_evidence');
    const [opened] = await say('e2e-buyer-1', '/confirm');
    const ticketId = /TK\w+/.exec(opened?.text ?? '')?.[0] ?? '';
    expect(ticketId).not.toBe('');
    expect(opened?.custom.citations).toEqual(expect.arrayContaining(['RP-05', 'RP-12', 'RP-14']));

    const decided = await fetch(`${base}/platform/v1/tickets/${ticketId}/decision`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({
        decision: 'reject',
        reason: '兑换记录显示该码已被使用',
        clauseIds: ['RP-05'],
        agentId: 'agent-1',
      }),
    });
    expect(decided.status).toBe(200);
    await until(() => pushed.some((m) => m.recipient_id === 'e2e-buyer-1'));
    const message = pushed.find((m) => m.recipient_id === 'e2e-buyer-1');
    expect(message?.text).toMatch(/兑换记录显示该码已被使用[\s\S]*申诉/);
    expect(message?.custom?.citations).toContain('RP-15');
  }, 60_000);

  it('queues the ticket while the platform is down and tells the buyer its number once it is open', async () => {
    const orderNo = await newOrder('e2e-buyer-2', {
      status: 'paid',
      deliveredAt: null,
      paidAt: new Date(Date.now() - 30 * 3_600_000).toISOString(),
    });
    const [asked] = await say('e2e-buyer-2', `${orderNo} 付款一天多了还没发货`);
    expect(asked?.custom.expecting?.slot).toBe('confirm');
    const fault = await fetch(`${base}/platform/v1/sandbox/faults`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ mode: 'error', ms: 1_500 }),
    });
    expect(fault.status).toBeLessThan(300);
    const [queued] = await say('e2e-buyer-2', '/confirm');
    expect(queued?.text).toMatch(/暂时连不上/);
    await until(() => pushed.some((m) => m.recipient_id === 'e2e-buyer-2'));
    expect(pushed.find((m) => m.recipient_id === 'e2e-buyer-2')?.text).toMatch(/工单号 TK/);
  }, 60_000);
});
