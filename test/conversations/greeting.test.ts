/** The greeting a channel asks for when a conversation opens (src/dialog/greeting.ts). */
import { describe, expect, it } from 'vitest';
import type { Dialog } from '../../src/dialog/bot.js';
import { createDialog } from '../../src/dialog/bot.js';
import { harness } from './harness.js';

const start = (conversationId: string, locale?: string) => ({
  channel: 'rest' as const,
  conversationId,
  address: { sender: 'buyer-1' },
  userId: 'buyer-1',
  buyerId: 'buyer-1',
  ...(locale ? { locale } : {}),
});

async function greeted(locale?: string) {
  const chat = await harness();
  const dialog: Dialog = createDialog(chat.deps);
  const messages = await dialog.greet(start(chat.conversationId, locale));
  return { chat, dialog, messages };
}

describe('greeting', () => {
  it('names itself as a bot, says what it can do and offers the starting points as buttons', async () => {
    const { messages } = await greeted();
    expect(messages).toHaveLength(1);
    const [message] = messages;
    expect(message?.text).toMatch(/售后助手/);
    expect(message?.text).toMatch(/机器人/);
    expect(message?.text).not.toMatch(/真人客服为您|我是客服/);
    expect(message?.expecting?.slot).toBe('scenario');
    expect(message?.expecting?.options?.map((o) => o.payload)).toEqual([
      '/scenario not_delivered',
      '/scenario defective',
      '/scenario duplicate_charge',
      '/scenario refund_status',
      '/other',
    ]);
  });

  it('speaks English when the channel says the page is English', async () => {
    const { messages } = await greeted('en-US');
    expect(messages[0]?.lang).toBe('en');
    expect(messages[0]?.text).toMatch(/automated bot/);
    expect(messages[0]?.expecting?.options?.[4]?.title).toBe('Something else');
  });

  it('is recorded in the transcript like every reply, and said only once', async () => {
    const { chat, dialog } = await greeted();
    const out = chat.transcript().filter((e) => e.direction === 'out');
    expect(out).toHaveLength(1);
    expect(JSON.stringify(out[0]?.payload)).toMatch(/售后助手/);
    await chat.send('/scenario defective');
    expect(await dialog.greet(start(chat.conversationId))).toEqual([]);
  });

  it('its buttons start the situation, and "other" asks the buyer to describe it', async () => {
    const { chat } = await greeted();
    (await chat.send('/scenario defective')).asks('order_no');
    const other = await harness();
    await createDialog(other.deps).greet(start(other.conversationId));
    (await other.send('/other')).says(/描述/);
  });
});
