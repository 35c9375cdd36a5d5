/**
 * The Telegram channel against telegram-test-api (a Bot API emulator started here), with a scripted
 * desk standing in for the dialog: translation both ways, keyboards, files, deep links, webhook
 * secret, redelivery and ordering.
 */
import Database from 'better-sqlite3';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTelegramChannel,
  linkCodesModule,
  SECRET_HEADER,
  type TelegramChannel,
  TelegramStore,
  telegramWebhookModule,
} from '../../adapters/telegram/index.js';
import type { Bot, InboundMessage, OutboundMessage } from '../../src/core/messages.js';
import type { ConversationRecord } from '../../src/ports/conversation-store.js';
import type { Recorder, RecordInput } from '../../src/ports/recorder.js';
import { createApp } from '../../src/server/app.js';
import { createMetrics } from '../../src/server/metrics.js';
import { BOT_TOKEN, TelegramHarness } from './telegram-harness.js';

const CONFIRM = [
  { title: '确认提交', payload: '/confirm' },
  { title: '取消', payload: '/cancel' },
];

/** Plays the dialog: asks to confirm an order, takes a photo, opens "ticket" T-1. */
class ScriptedDesk implements Bot {
  readonly inbound: InboundMessage[] = [];
  async handle(m: InboundMessage): Promise<OutboundMessage[]> {
    this.inbound.push(m);
    if (m.text?.startsWith('slow')) await new Promise((r) => setTimeout(r, 30 * Math.random()));
    if (m.attachments?.length) {
      const bytes = m.attachments.reduce((n, a) => n + a.bytes.byteLength, 0);
      return [{ text: `收到截图（${bytes} 字节）。`, lang: 'zh', expecting: { slot: 'confirm', options: CONFIRM } }];
    }
    if (m.text === '/confirm') return [{ text: '已为您创建工单 T-1。', lang: 'zh', citations: ['RP-12'] }];
    if (m.text === '/cancel') return [{ text: '已取消。', lang: 'zh' }];
    if (m.text === 'choices')
      return [
        {
          text: '请选择：',
          lang: 'zh',
          expecting: { slot: 'scenario', options: [{ title: '很长的选项', payload: `/note ${'长'.repeat(40)}` }] },
        },
      ];
    if (m.text === 'long') return [{ text: `${'很长的说明。'.repeat(500)}\n\n${'第二段。'.repeat(400)}`, lang: 'zh' }];
    if (m.text && /KM\d{14}/i.test(m.text))
      return [
        {
          text: '订单已超过承诺发货时间，符合全额退款条件。是否提交退款申请？',
          lang: 'zh',
          citations: ['RP-03', 'RP-14'],
          expecting: { slot: 'confirm', options: CONFIRM },
        },
      ];
    return [{ text: `您说：${m.text ?? ''}`, lang: 'zh' }];
  }
}

let harness: TelegramHarness;
let desk: ScriptedDesk;
let store: TelegramStore;
let channel: TelegramChannel;
/** What the channel recorded itself, per conversation. */
const recorded: { conversationId: string; input: RecordInput }[] = [];
const recorder: Recorder = {
  async record(conversationId, input) {
    recorded.push({ conversationId, input });
    return { conversationId, seq: recorded.length, at: '', attachments: [], prevHash: '', hash: '', ...input };
  },
  head: async () => null,
};
const log = pino({ level: 'silent' });

beforeAll(async () => {
  harness = await TelegramHarness.start();
  desk = new ScriptedDesk();
  store = new TelegramStore(new Database(':memory:'));
  channel = createTelegramChannel({ token: BOT_TOKEN, apiRoot: harness.apiRoot, desk, store, log, recorder });
  await channel.startPolling();
});

afterAll(async () => {
  await channel?.stop();
  await harness?.stop();
});

const inboundOf = (userId: number) => desk.inbound.filter((m) => m.userId === String(userId));

describe('Telegram channel (long polling)', () => {
  it('shows a prompt as an inline keyboard with readable sources, and a pressed button answers it', async () => {
    const buyer = harness.user(1001);
    await buyer.says('我的订单 KM20261118004217 付款了没到账');
    const [prompt] = await harness.waitForBotMessages(buyer.id, 1);
    expect(prompt?.text).toContain('是否提交退款申请');
    expect(prompt?.text).toContain('《退款与售后规则》第3条');
    expect(prompt?.text).toContain('RP-14');
    expect(prompt?.replyMarkup?.inline_keyboard.flat().map((b) => b.text)).toEqual(['确认提交', '取消']);
    expect(inboundOf(buyer.id)[0]).toMatchObject({
      channel: 'telegram',
      conversationId: `telegram:${buyer.id}`,
      address: { chatId: buyer.id },
      userId: String(buyer.id),
      locale: 'zh-hans',
    });
    expect(inboundOf(buyer.id)[0]?.buyerId).toBeUndefined();

    await buyer.presses(prompt!, '确认提交');
    const messages = await harness.waitForBotMessages(buyer.id, 2);
    expect(messages[1]?.text).toContain('T-1');
    expect(inboundOf(buyer.id).at(-1)?.text).toBe('/confirm');
    // The used keyboard now only shows the choice, and pressing it again does nothing.
    const used = harness.botMessages(buyer.id)[0];
    expect(used?.replyMarkup?.inline_keyboard.flat().map((b) => b.text)).toEqual(['✓ 确认提交']);
    const before = inboundOf(buyer.id).length;
    await buyer.presses(used!, '✓ 确认提交');
    await buyer.says('谢谢');
    await harness.waitForBotMessages(buyer.id, 3);
    expect(
      inboundOf(buyer.id)
        .slice(before)
        .map((m) => m.text),
    ).toEqual(['谢谢']);
    expect(harness.chatActions.some((a) => a.chatId === buyer.id && a.action === 'typing')).toBe(true);
  });

  it('a pressed button is never lost to a failing cosmetic call (old callback, deleted message, sync throw)', async () => {
    const buyer = harness.user(1031);
    await buyer.says('订单 KM20261118004217 没到账');
    const [prompt] = await harness.waitForBotMessages(buyer.id, 1);
    // Telegram refuses to answer an old callback query and to edit a message that is gone.
    harness.failNext('answerCallbackQuery', { status: 400 });
    harness.failNext('editMessageReplyMarkup', { status: 400 });
    await buyer.presses(prompt!, '确认提交');
    const after = await harness.waitForBotMessages(buyer.id, 2);
    expect(after[1]?.text).toContain('T-1');
    expect(inboundOf(buyer.id).at(-1)?.text).toBe('/confirm');

    // A callback whose message carries no id: grammY's ctx.editMessageReplyMarkup throws before it
    // returns a promise (a .catch() on it never runs); the buyer's choice still reaches the desk.
    await buyer.says('订单 KM20261118004217 没到账');
    const [, , again] = await harness.waitForBotMessages(buyer.id, 3);
    const data = again?.replyMarkup?.inline_keyboard.flat().find((b) => b.text === '取消')?.callback_data;
    await harness.emulator.addUserCallback({
      botToken: BOT_TOKEN,
      date: Math.floor(Date.now() / 1000),
      from: buyer.from,
      data: data ?? '',
      message: { chat: buyer.chat, date: Math.floor(Date.now() / 1000), text: again?.text ?? '' } as never,
    });
    const last = await harness.waitForBotMessages(buyer.id, 4);
    expect(last[3]?.text).toBe('已取消。');
    expect(last.map((m) => m.text).join()).not.toContain('出错');
  });

  it('carries button payloads longer than the 64 bytes of callback_data', async () => {
    const buyer = harness.user(1012);
    await buyer.says('choices');
    const [prompt] = await harness.waitForBotMessages(buyer.id, 1);
    const data = prompt?.replyMarkup?.inline_keyboard[0]?.[0]?.callback_data ?? '';
    expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
    await buyer.presses(prompt!, '很长的选项');
    await harness.waitForBotMessages(buyer.id, 2);
    expect(inboundOf(buyer.id).at(-1)?.text).toBe(`/note ${'长'.repeat(40)}`);
  });

  it('removes a stale keyboard when the buyer types instead of pressing', async () => {
    const buyer = harness.user(1002);
    await buyer.says('KM20261118004217');
    await harness.waitForBotMessages(buyer.id, 1);
    await buyer.says('/confirm');
    const messages = await harness.waitForBotMessages(buyer.id, 2);
    expect(messages[0]?.replyMarkup?.inline_keyboard ?? []).toEqual([]);
    expect(inboundOf(buyer.id).at(-1)?.text).toBe('/confirm');
  });

  it('passes the largest size of a photo, with its caption, on as an attachment', async () => {
    const buyer = harness.user(1003);
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, ...new Array(2000).fill(7), 0xff, 0xd9]);
    await buyer.sendsPhoto(jpeg, '卡密提示无效');
    const [reply] = await harness.waitForBotMessages(buyer.id, 1);
    expect(reply?.text).toContain(`${jpeg.byteLength} 字节`);
    const inbound = inboundOf(buyer.id)[0];
    expect(inbound?.text).toBe('卡密提示无效');
    expect(inbound?.attachments).toHaveLength(1);
    expect(Buffer.from(inbound!.attachments![0]!.bytes).equals(Buffer.from(jpeg))).toBe(true);
  });

  it('passes a document on, and refuses one over the 20 MB download limit with a clear message', async () => {
    const buyer = harness.user(1004);
    const pdf = new TextEncoder().encode('%PDF-1.4 payment record');
    await buyer.sendsDocument(pdf, 'payment.pdf', 'application/pdf');
    await harness.waitForBotMessages(buyer.id, 1);
    expect(inboundOf(buyer.id)[0]?.attachments?.[0]).toMatchObject({
      name: 'payment.pdf',
      contentType: 'application/pdf',
    });

    await buyer.sendsDocument(new Uint8Array(10), 'screen-recording.mp4', 'video/mp4', 25 * 1024 * 1024);
    const messages = await harness.waitForBotMessages(buyer.id, 2);
    expect(messages[1]?.text).toContain('20 MB');
    expect(messages[1]?.text).toContain('25.0 MB');
    expect(inboundOf(buyer.id)).toHaveLength(1);
    const transcript = recorded.filter((r) => r.conversationId === `telegram:${buyer.id}`).map((r) => r.input);
    expect(transcript[0]).toMatchObject({
      direction: 'in',
      type: 'event',
      payload: { event: 'upload_rejected', reason: 'too_large', name: 'screen-recording.mp4' },
    });
    expect(transcript[1]).toMatchObject({ direction: 'out', actor: 'bot', payload: { text: messages[1]?.text } });
  });

  it('splits messages over 4,096 characters and sends buyer text as plain text', async () => {
    const buyer = harness.user(1005);
    await buyer.says('long');
    const parts = await harness.waitForBotMessages(buyer.id, 2);
    expect(parts.every((p) => p.text.length <= 4096)).toBe(true);
    expect(parts.map((p) => p.text).join('')).toContain('第二段。');

    const hostile = '<b>bold</b> *star* _under_ [link](http://evil.example) `code`';
    await buyer.says(hostile);
    const echoed = await harness.waitForBotMessages(buyer.id, 3);
    expect(echoed[2]?.text).toBe(`您说：${hostile}`);
    expect(echoed.every((m) => m.parseMode === undefined)).toBe(true);
  });

  it('handles the messages of one chat in order', async () => {
    const buyer = harness.user(1006);
    const texts = Array.from({ length: 8 }, (_, i) => `slow ${i}`);
    for (const text of texts) await buyer.says(text);
    const replies = await harness.waitForBotMessages(buyer.id, texts.length);
    expect(inboundOf(buyer.id).map((m) => m.text)).toEqual(texts);
    expect(replies.map((r) => r.text)).toEqual(texts.map((t) => `您说：${t}`));
  });

  it('processes a redelivered update once', async () => {
    const buyer = harness.user(1007);
    await buyer.says('第一次');
    await harness.waitForBotMessages(buyer.id, 1);
    const delivered = harness.emulator.storage.userMessages.find(
      (u) => 'message' in u && 'from' in u.message && u.message.from?.id === buyer.id,
    );
    expect(delivered).toBeDefined();
    harness.emulator.storage.userMessages.push({ ...delivered!, isRead: false });
    await buyer.says('第二次');
    await harness.waitForBotMessages(buyer.id, 2);
    expect(inboundOf(buyer.id).map((m) => m.text)).toEqual(['第一次', '第二次']);
  });

  it('keeps orders private: in a group it only points to a private chat', async () => {
    const buyer = harness.user(1013);
    await harness.emulator.addUserMessage({
      botToken: BOT_TOKEN,
      date: Math.floor(Date.now() / 1000),
      from: buyer.from,
      chat: { id: -5000, type: 'group', title: '卡网交流群' },
      text: '我的订单 KM20261118004217 没到账',
    } as never);
    const [reply] = await harness.waitForBotMessages(-5000, 1);
    expect(reply?.text).toContain('私聊');
    expect(desk.inbound.some((m) => m.conversationId === 'telegram:-5000')).toBe(false);
  });

  it('retries a message Telegram refused with 429 (flood control) after the time it asks for', async () => {
    const buyer = harness.user(1009);
    harness.failNext('sendMessage', { status: 429, retryAfter: 1 });
    await buyer.says('在吗');
    const [reply] = await harness.waitForBotMessages(buyer.id, 1);
    expect(reply?.text).toBe('您说：在吗');
    expect(harness.botMessages(buyer.id)).toHaveLength(1);
  });

  it('delivers pushed messages (decisions) through its ChannelSink', async () => {
    const conversation: ConversationRecord = {
      id: 'telegram:1008',
      channel: 'telegram',
      address: { chatId: 1008 },
      buyerId: 'buyer-8',
      lang: 'en',
      state: null,
      handoff: false,
      version: 1,
      createdAt: new Date().toISOString(),
      updatedAt: new Date().toISOString(),
    };
    await channel.sink.deliver(conversation, [
      { text: 'Your ticket T-9 was approved.', lang: 'en', citations: ['RP-14'] },
    ]);
    const [pushed] = await harness.waitForBotMessages(1008, 1);
    expect(pushed?.text).toContain('T-9');
    expect(pushed?.text).toContain('Refund and After-Sales Rules §14');
    await expect(channel.sink.deliver({ ...conversation, address: {} }, [])).rejects.toThrow(/chat id/);
  });
});

describe('deep links', () => {
  const app = () =>
    createApp({
      log,
      metrics: createMetrics({ defaultMetrics: false }),
      version: 'test',
      modules: [
        linkCodesModule({
          store,
          siteSecret: 'site-secret',
          openWithoutSecret: false,
          botUsername: () => channel.username(),
        }),
      ],
    });

  it('binds a Telegram user to the buyer of a one-time code, and /unlink removes it', async () => {
    const denied = await app().request('/api/link-codes', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer wrong' },
      body: JSON.stringify({ buyerId: 'buyer-42' }),
    });
    expect(denied.status).toBe(401);

    const response = await app().request('/api/link-codes', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer site-secret' },
      body: JSON.stringify({ buyerId: 'buyer-42' }),
    });
    expect(response.status).toBe(201);
    const link = (await response.json()) as { code: string; url: string; expiresAt: string };
    expect(link.url).toBe(`https://t.me/${channel.username()}?start=${link.code}`);

    const buyer = harness.user(1010);
    await buyer.says(`/start ${link.code}`);
    const [linked] = await harness.waitForBotMessages(buyer.id, 1);
    expect(linked?.text).toContain('关联');
    await buyer.says('我的卡密无效');
    await harness.waitForBotMessages(buyer.id, 2);
    expect(inboundOf(buyer.id).at(-1)?.buyerId).toBe('buyer-42');

    // The code is used up: someone else holding it gets nothing.
    const other = harness.user(1011, { languageCode: 'en' });
    await other.says(`/start ${link.code}`);
    const [refused] = await harness.waitForBotMessages(other.id, 1);
    expect(refused?.text).toContain('expired or was already used');
    await other.says('hello');
    await harness.waitForBotMessages(other.id, 2);
    expect(inboundOf(other.id).at(-1)?.buyerId).toBeUndefined();

    const transcript = JSON.stringify(recorded.filter((r) => r.conversationId === `telegram:${buyer.id}`));
    expect(transcript).toContain('buyer_linked');
    expect(transcript).not.toContain(link.code);

    await buyer.says('/unlink');
    await harness.waitForBotMessages(buyer.id, 3);
    await buyer.says('还在吗');
    await harness.waitForBotMessages(buyer.id, 4);
    expect(inboundOf(buyer.id).at(-1)?.buyerId).toBeUndefined();
  });
});

describe('webhook mode', () => {
  let hooked: TelegramChannel;
  const app = () =>
    createApp({
      log,
      metrics: createMetrics({ defaultMetrics: false }),
      version: 'test',
      modules: [telegramWebhookModule({ channel: hooked, secret: 'hook-secret', log })],
    });
  const post = (body: unknown, secret?: string) =>
    app().request('/telegram/webhook', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(secret === undefined ? {} : { [SECRET_HEADER]: secret }) },
      body: JSON.stringify(body),
    });

  beforeAll(() => {
    hooked = createTelegramChannel({
      token: BOT_TOKEN,
      apiRoot: harness.apiRoot,
      desk,
      store: new TelegramStore(new Database(':memory:')),
      log,
    });
  });

  it('rejects a missing or wrong secret token with 401 and processes nothing', async () => {
    const buyer = harness.user(1020);
    expect((await post(buyer.update(900_001, { text: '没有密钥' }))).status).toBe(401);
    expect((await post(buyer.update(900_002, { text: '错误密钥' }), 'nope')).status).toBe(401);
    expect(inboundOf(buyer.id)).toEqual([]);
    expect(harness.botMessages(buyer.id)).toEqual([]);

    expect((await post(buyer.update(900_003, { text: '正确密钥' }), 'hook-secret')).status).toBe(200);
    expect(inboundOf(buyer.id).map((m) => m.text)).toEqual(['正确密钥']);
    expect(harness.botMessages(buyer.id).map((m) => m.text)).toEqual(['您说：正确密钥']);
  });

  it('processes an update delivered twice once', async () => {
    const buyer = harness.user(1021);
    const update = buyer.update(900_010, { text: '重复投递' });
    expect((await post(update, 'hook-secret')).status).toBe(200);
    expect((await post(update, 'hook-secret')).status).toBe(200);
    expect(inboundOf(buyer.id)).toHaveLength(1);
    expect(harness.botMessages(buyer.id)).toHaveLength(1);
  });

  it('rejects a body that is not an update', async () => {
    expect((await post({ hello: 'world' }, 'hook-secret')).status).toBe(422);
  });
});
