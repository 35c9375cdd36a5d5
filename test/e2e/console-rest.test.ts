/**
 * The whole product in one process: a buyer talks to the bot through the REST channel and uploads a
 * screenshot, the bot opens a ticket; an agent signs in with Debian Chromium, opens that ticket, sees
 * the transcript and the image, approves; the buyer's channel (REST_CALLBACK_URL) receives the decision.
 */

import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStorage, type SqliteStorage } from '../../adapters/storage-sqlite/index.js';
import { agentAuth } from '../../app/console.js';
import { type Started, startProduct } from '../../app/start.js';
import { loadConfig } from '../../src/config/env.js';
import { missing } from '../requirements.js';
import { ARTIFACTS, launchChromium } from './chromium.js';

const AGENT = { email: 'agent@example.com', password: 'an agent password' };
const BUYER = 'rest-buyer';

interface RestReply {
  recipient_id: string;
  text?: string;
  custom?: { expecting?: { slot: string; evidenceKind?: string; options?: Array<{ title: string; payload: string }> } };
}

let browser: Browser;
let product: Started;
let side: SqliteStorage;
let dataDir: string;
let callbackServer: Server;
const pushed: RestReply[] = [];

function listenCallback(): Promise<string> {
  callbackServer = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const parsed = JSON.parse(body) as RestReply | RestReply[];
      pushed.push(...(Array.isArray(parsed) ? parsed : [parsed]));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  return new Promise((resolve) =>
    callbackServer.listen(0, '127.0.0.1', () => {
      const a = callbackServer.address();
      resolve(`http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}/callback`);
    }),
  );
}

async function errorScreenshot(page: Page): Promise<Buffer> {
  await page.setContent(
    '<div style="font:20px sans-serif;padding:16px;background:#fee;border:2px solid #c00;width:360px">激活失败：卡密无效 (E1024)<br>Activation failed: invalid code</div>',
  );
  return page.locator('div').screenshot();
}

beforeAll(async () => {
  browser = await launchChromium();
  const png = await errorScreenshot(await browser.newPage());
  dataDir = mkdtempSync(join(tmpdir(), 'refund-desk-console-rest-'));
  const loaded = loadConfig({
    DATA_DIR: dataDir,
    PORT: '0',
    LOG_LEVEL: 'silent',
    REST_CALLBACK_URL: await listenCallback(),
  });
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  product = await startProduct(loaded.config, pino({ level: 'silent' }));
  side = await openSqliteStorage({ file: join(dataDir, 'refund-desk.sqlite') });
  const added = await agentAuth(side.db).auth.addAgent({ ...AGENT, role: 'agent' }, null);
  if (!added.ok) throw new Error(added.message);

  const url = product.server.url;
  const sandbox = { authorization: 'Bearer sandbox', 'content-type': 'application/json' };
  const order = (await (
    await fetch(`${url}/platform/v1/sandbox/orders`, {
      method: 'POST',
      headers: sandbox,
      body: JSON.stringify({ buyerId: BUYER, contact: 'rest@example.com', amount: 100 }),
    })
  ).json()) as { orderNo: string; contact: string };
  const say = async (message: string, attachments?: object[]): Promise<RestReply[]> => {
    const res = await fetch(`${url}/webhooks/rest/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sender: BUYER, message, ...(attachments ? { attachments } : {}) }),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as RestReply[];
  };
  let replies = await say(`我买的点卡卡密激活不了，一直提示无效，订单号 ${order.orderNo}`);
  for (let turn = 0; turn < 12; turn++) {
    if ((await side.tickets.list({ buyerId: BUYER })).total > 0) break;
    const expecting = replies
      .map((r) => r.custom?.expecting)
      .filter((e) => e !== undefined)
      .at(-1);
    switch (expecting?.slot) {
      case 'order_no':
        replies = await say(order.orderNo);
        break;
      case 'contact':
        replies = await say(order.contact);
        break;
      case 'scenario':
        replies = await say('/scenario defective');
        break;
      case 'evidence':
        replies = await say('', [
          { name: 'error.png', contentType: 'image/png', contentBase64: png.toString('base64') },
        ]);
        break;
      case 'confirm':
        replies = await say(expecting.options?.find((o) => o.payload.includes('confirm'))?.payload ?? '/confirm');
        break;
      default:
        replies = await say('输入卡密后提示卡密无效，无法激活');
        break;
    }
  }
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await side?.close();
  await product?.stop();
  callbackServer?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe.skipIf(missing('chromium', 'the REST channel → console decision in Chromium'))(
  'a ticket the bot opened through the REST channel, decided in the console',
  () => {
    it('the agent sees transcript and image, approves, and the buyer hears back through the callback', async () => {
      const { items } = await side.tickets.list({ buyerId: BUYER });
      expect(items).toHaveLength(1);
      const ticket = items[0]!;
      const url = product.server.url;
      const page = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
      await page.goto(`${url}/agent`);
      await page.fill('input[name=email]', AGENT.email);
      await page.fill('input[name=password]', AGENT.password);
      await page.click('button[type=submit]');
      await page.waitForURL(`${url}/agent`);
      await page.click(`a[href="/agent/tickets/${ticket.ticketId}"]`);
      await page.waitForURL(new RegExp(`/agent/tickets/${ticket.ticketId}$`));

      expect(await page.locator('[data-integrity="ok"]').count()).toBe(1);
      expect(await page.locator('#transcript').textContent()).toContain('激活不了');
      const images = page.locator('#transcript img');
      expect(await images.count()).toBeGreaterThan(0);
      await expect
        .poll(() => images.first().evaluate((el) => (el as HTMLImageElement).naturalWidth))
        .toBeGreaterThan(100);
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, 'console-ticket-rest.png'), fullPage: true });

      const before = pushed.length;
      await page.click('#approve button[type=submit]');
      await page.waitForURL(/done=approve/);
      const told = () =>
        pushed
          .slice(before)
          .filter((m) => m.recipient_id === BUYER)
          .map((m) => m.text ?? '')
          .join('\n');
      await expect.poll(told, { timeout: 15_000 }).toContain(ticket.ticketId);
      expect(told()).toMatch(/同意退款|approved/);
      expect((await side.tickets.get(ticket.ticketId))?.status).toBe('approved');
    });
  },
);
