/** A buyer's conversation through botframework-directlinejs (the real client) over the WebSocket stream. */
import type { Media, Message } from 'botframework-directlinejs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScriptedBot } from '../unit/webchat/fake-bot.js';
import { DirectLineBuyer } from './webchat-client.js';
import { startWebchatServer, type WebchatServer } from './webchat-harness.js';

// A 1×1 PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

let server: WebchatServer;
beforeAll(async () => {
  server = await startWebchatServer(new ScriptedBot());
});
afterAll(async () => {
  await server?.close();
});

async function tokenFor(buyerId: string): Promise<{ token: string; conversationId: string }> {
  const res = await fetch(`${server.url}/v3/directline/tokens/generate`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.secret}`, 'content-type': 'application/json' },
    body: JSON.stringify({ user: { id: buyerId } }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { token: string; conversationId: string };
}

describe('web chat through botframework-directlinejs', () => {
  it('text, a suggested action, an upload, ending in a ticket', async () => {
    const { token, conversationId } = await tokenFor('buyer-dl-1');
    const buyer = new DirectLineBuyer({ token, domain: `${server.url}/v3/directline` });
    try {
      const hello = await buyer.say({ text: '你好，我要退款', channelData: { clientActivityID: 'c-1' } });
      expect(hello.channelData?.expecting).toEqual({ slot: 'order_no' });
      expect(hello.conversation?.id).toBe(conversationId);

      // The buyer's own message comes back with its clientActivityID (else Web Chat shows 发送失败).
      const echo = await buyer.waitFor((a) => a.from.role === 'user' && a.channelData?.clientActivityID === 'c-1');
      expect((echo as Message).text).toBe('你好，我要退款');
      expect(echo.from.id).toBe('buyer-dl-1');

      const choose = await buyer.say({ text: '订单 KM20261118004217' });
      const actions = choose.suggestedActions?.actions ?? [];
      expect(actions.map((a) => a.title)).toEqual(['一直没到账', '卡密无效']);
      expect(choose.channelData?.expecting?.slot).toBe('scenario');

      const defective = actions.find((a) => a.title === '卡密无效');
      if (defective?.type !== 'messageBack') throw new Error('expected a messageBack action');
      // What Web Chat posts for a messageBack action.
      const askUpload = await buyer.say({
        text: String(defective?.text),
        value: defective?.value,
        channelData: { messageBack: { displayText: defective?.displayText } },
      });
      expect(askUpload.channelData?.expecting).toMatchObject({ slot: 'evidence', evidenceKind: 'error_screenshot' });
      expect(askUpload.channelData?.citations).toEqual(['RP-05']);

      const confirm = await buyer.say({
        attachments: [
          {
            contentType: 'image/png',
            contentUrl: `data:image/png;base64,${PNG.toString('base64')}`,
            name: 'error.png',
          },
        ],
        channelData: { clientActivityID: 'c-upload' },
      });
      expect(confirm.text).toContain('已收到 1 个文件');
      const uploaded = (await buyer.waitFor(
        (a) => a.from.role === 'user' && a.channelData?.clientActivityID === 'c-upload',
      )) as Message;
      const shown = uploaded.attachments?.[0] as Media | undefined;
      expect(shown?.contentType).toBe('image/png');
      const image = await fetch(String(shown?.contentUrl));
      expect(image.headers.get('content-type')).toBe('image/png');
      expect(Buffer.from(await image.arrayBuffer()).equals(PNG)).toBe(true);

      const ticket = await buyer.say({ text: '/confirm' });
      // Bot text is Markdown: the ticket id is emphasised.
      expect(ticket.text).toMatch(/工单 \*\*TK\d{6}\*\*/);
      expect(ticket.channelData?.citations).toEqual(['RP-12']);
    } finally {
      buyer.end();
    }
  });

  it('resumes a closed chat with everything, including messages pushed meanwhile', async () => {
    const first = await tokenFor('buyer-dl-2');
    const before = new DirectLineBuyer({ token: first.token, domain: `${server.url}/v3/directline` });
    await before.say({ text: '你好' });
    before.end();

    await server.webchat.sink.deliver(
      {
        id: `webchat:${first.conversationId}`,
        channel: 'webchat',
        address: { directLineConversationId: first.conversationId, userId: 'buyer-dl-2' },
        buyerId: 'buyer-dl-2',
        lang: 'zh',
        state: null,
        handoff: false,
        version: 1,
        createdAt: new Date().toISOString(),
        updatedAt: new Date().toISOString(),
      },
      [{ lang: 'zh', text: '您的工单 TK000777 已审核通过。' }],
    );

    const again = await tokenFor('buyer-dl-2');
    expect(again.conversationId).toBe(first.conversationId);
    const after = new DirectLineBuyer({ token: again.token, domain: `${server.url}/v3/directline` });
    try {
      const pushed = await after.waitFor((a) => a.type === 'message' && /TK000777/.test((a as Message).text ?? ''));
      expect(pushed.channelData?.pushed).toBe(true);
      expect(after.received.some((a) => (a as Message).text === '你好')).toBe(true);
    } finally {
      after.end();
    }
  });

  it('also works by polling activities with watermarks (webSocket: false)', async () => {
    const { token } = await tokenFor('buyer-dl-poll');
    const buyer = new DirectLineBuyer({ token, domain: `${server.url}/v3/directline`, webSocket: false });
    try {
      const first = await buyer.say({ text: '你好' });
      expect(first.channelData?.expecting).toEqual({ slot: 'order_no' });
      const second = await buyer.say({ text: 'KM20261118004217' });
      expect(second.suggestedActions?.actions).toHaveLength(2);
      const ids = buyer.received.map((a) => a.id);
      expect(new Set(ids).size).toBe(ids.length);
    } finally {
      buyer.end();
    }
  });

  it('an open chat receives a pushed decision over the WebSocket', async () => {
    const { token, conversationId } = await tokenFor('buyer-dl-3');
    const buyer = new DirectLineBuyer({ token, domain: `${server.url}/v3/directline` });
    try {
      await buyer.say({ text: '你好' });
      const mark = buyer.received.length;
      await server.webchat.service.push(conversationId, [{ lang: 'zh', text: '工单 TK000888 需要补充材料。' }]);
      const pushed = await buyer.waitFor((a) => /TK000888/.test((a as Message).text ?? ''), mark);
      expect(pushed.from.role).toBe('bot');
    } finally {
      buyer.end();
    }
  });
});
