/**
 * The whole product with Telegram on (long polling against telegram-test-api): buyers reach real
 * tickets on the sandbox platform, and an agent's decision comes back into their chat.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Started, startProduct } from '../../app/start.js';
import { loadConfig } from '../../src/config/env.js';
import type { Ticket } from '../../src/ports/platform.js';
import { BOT_TOKEN, type BotMessage, TelegramHarness, type TelegramUser } from './telegram-harness.js';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const HOUR = 3600_000;

let harness: TelegramHarness;
let started: Started;
let dataDir: string;
let base: string;

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const address = probe.address();
  await new Promise((r) => probe.close(r));
  return typeof address === 'object' && address ? address.port : 0;
}

async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: 'Bearer sandbox', 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${text}`);
  return JSON.parse(text) as T;
}

const ticketsOf = (orderNo: string) => api<Ticket[]>('GET', `/platform/v1/tickets?orderNo=${orderNo}`);

async function createOrder(fields: Record<string, unknown>): Promise<string> {
  const order = await api<{ orderNo: string }>('POST', '/platform/v1/sandbox/orders', fields);
  return order.orderNo;
}

const payloads = (m: BotMessage | undefined) =>
  (m?.replyMarkup?.inline_keyboard.flat() ?? []).map((b) => ({ title: b.text, data: b.callback_data ?? '' }));

/**
 * Plays the buyer until the order has a ticket: answers each prompt by its buttons (the structured
 * prompt of SPEC §12 as Telegram shows it), the checkout contact when asked, a photo when evidence
 * is asked for. A reply can take several messages: with nothing to answer yet, it waits for more.
 */
async function playUntilTicket(
  buyer: TelegramUser,
  orderNo: string,
  answers: { contact?: string; photo?: Uint8Array; scenario: string },
): Promise<Ticket> {
  let answered = harness.botMessages(buyer.id).length;
  let photoSent = false;
  for (let step = 0; step < 20; step++) {
    const all = await harness.waitForBotMessages(buyer.id, answered + 1);
    const tickets = await ticketsOf(orderNo);
    if (tickets.length > 0) return tickets[0]!;
    const last = all.at(-1)!;
    const buttons = payloads(last);
    const text = all
      .slice(answered)
      .map((m) => m.text)
      .join('\n');
    const press = (data: string) => buyer.presses(last, buttons.find((b) => b.data === data)!.title);
    let action: Promise<void> | undefined;
    if (buttons.some((b) => b.data === '/confirm')) action = press('/confirm');
    else if (buttons.some((b) => b.data === `/scenario ${answers.scenario}`))
      action = press(`/scenario ${answers.scenario}`);
    else if (answers.photo && !photoSent && /截图|图片|照片|screenshot|photo/i.test(text)) {
      photoSent = true;
      action = buyer.sendsPhoto(answers.photo);
    } else if (answers.contact && /联系方式|邮箱|手机|contact|e-?mail|phone/i.test(text))
      action = buyer.says(answers.contact);
    if (action) {
      answered = all.length;
      await action;
    } else {
      // Nothing to answer in what arrived so far: the rest of the reply is on its way.
      await harness.waitForBotMessages(buyer.id, all.length + 1, 5_000).catch(() => {
        throw new Error(`do not know how to answer:\n${text}\nbuttons: ${JSON.stringify(buttons)}`);
      });
    }
  }
  throw new Error('no ticket after 20 steps');
}

beforeAll(async () => {
  harness = await TelegramHarness.start();
  dataDir = mkdtempSync(join(tmpdir(), 'refund-desk-telegram-'));
  const port = await freePort();
  const loaded = loadConfig({
    NODE_ENV: 'test',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    TELEGRAM_BOT_TOKEN: BOT_TOKEN,
    TELEGRAM_API_ROOT: harness.apiRoot,
  });
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  started = await startProduct(loaded.config, pino({ level: 'silent' }));
  base = started.server.url;
});

afterAll(async () => {
  await started?.stop();
  await harness?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('Telegram with the real dialog and the sandbox platform', () => {
  it('takes a linked buyer with an undelivered order to a ticket, then tells them the decision', async () => {
    const orderNo = await createOrder({
      buyerId: 'tg-buyer-1',
      contact: 'tg1@example.com',
      status: 'delivering',
      paidAt: new Date(Date.now() - 6 * HOUR).toISOString(),
      deliveredAt: null,
      product: { deliveryMode: 'manual', promiseHours: 2, kind: 'virtual_currency', name: '代充 6480' },
    });
    const link = await api<{ code: string; url: string }>('POST', '/api/link-codes', { buyerId: 'tg-buyer-1' });
    expect(link.url).toMatch(/^https:\/\/t\.me\/\w+\?start=/);

    const buyer = harness.user(2001);
    await buyer.says(`/start ${link.code}`);
    await harness.waitForBotMessages(buyer.id, 1);
    await buyer.says(`我付款六个小时了还没到账，订单号 ${orderNo}`);
    const ticket = await playUntilTicket(buyer, orderNo, { scenario: 'not_delivered' });

    expect(ticket).toMatchObject({ buyerId: 'tg-buyer-1', channel: 'telegram', scenario: 'not_delivered' });
    expect(ticket.transcript.conversationId).toBe(`telegram:${buyer.id}`);
    await expect
      .poll(() => harness.botMessages(buyer.id).some((m) => m.text.includes(ticket.ticketId)), { timeout: 10_000 })
      .toBe(true);

    // The agent approves; the decision reaches the chat through the platform webhook.
    await api('POST', `/platform/v1/tickets/${ticket.ticketId}/decision`, {
      decision: 'approve',
      reason: '超时未发货，原路退回',
      clauseIds: ['RP-03'],
      agentId: 'agent-1',
    });
    await expect
      .poll(() => harness.botMessages(buyer.id).some((m) => m.text.includes(ticket.ticketId) && /同意/.test(m.text)), {
        timeout: 15_000,
      })
      .toBe(true);
  });

  it('takes an unlinked buyer with an invalid code through the contact check and a photo to a ticket', async () => {
    const orderNo = await createOrder({
      buyerId: 'tg-buyer-2',
      contact: 'tg2@example.com',
      status: 'delivered',
      paidAt: new Date(Date.now() - 3 * HOUR).toISOString(),
      deliveredAt: new Date(Date.now() - 3 * HOUR).toISOString(),
      product: { kind: 'game_card', name: 'Steam 充值卡 100 元', deliveryMode: 'auto', promiseHours: 0.5 },
    });
    const buyer = harness.user(2002);
    await buyer.says(`卡密提示无效，充值不进去，订单号 ${orderNo}`);
    const ticket = await playUntilTicket(buyer, orderNo, {
      scenario: 'defective',
      contact: 'tg2@example.com',
      photo: PNG,
    });
    expect(ticket).toMatchObject({ buyerId: 'tg-buyer-2', channel: 'telegram', scenario: 'defective' });
    const sha256 = createHash('sha256').update(PNG).digest('hex');
    expect(ticket.evidence.map((e) => e.sha256)).toContain(sha256);
  });

  it('after /unlink, the same order is discussed only once the buyer proves it is theirs', async () => {
    const orderNo = await createOrder({
      buyerId: 'tg-buyer-3',
      contact: 'tg3@example.com',
      status: 'delivering',
      paidAt: new Date(Date.now() - 6 * HOUR).toISOString(),
      deliveredAt: null,
      product: { deliveryMode: 'manual', promiseHours: 2 },
    });
    const link = await api<{ code: string }>('POST', '/api/link-codes', { buyerId: 'tg-buyer-3' });
    const buyer = harness.user(2003);
    await buyer.says(`/start ${link.code}`);
    await harness.waitForBotMessages(buyer.id, 1);
    await buyer.says(`订单 ${orderNo} 一直没到账`);
    const linked = await harness.waitForBotMessages(buyer.id, 2);
    expect(linked.at(-1)?.text).toContain(orderNo);

    await buyer.says('/unlink');
    await harness.waitForBotMessages(buyer.id, 3);
    await buyer.says('/cancel');
    const cancelled = await harness.waitForBotMessages(buyer.id, 4);
    await buyer.says(`订单 ${orderNo} 一直没到账`);
    const asked = await harness.waitForBotMessages(buyer.id, cancelled.length + 1);
    expect(asked.at(-1)?.text).toMatch(/邮箱|手机/);
    expect(asked.at(-1)?.text).not.toContain(orderNo);
  });
});
