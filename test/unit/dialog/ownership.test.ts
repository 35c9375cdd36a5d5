/**
 * The ownership lock counts failed proofs per (sender, order) and per order across senders, outside
 * the conversation: /cancel, /restart and a new conversation do not reset it (it used to live in the
 * case, so /cancel after every two guesses allowed guessing without end).
 */
import { describe, expect, it } from 'vitest';
import { createDialog } from '../../../src/dialog/bot.js';
import { MemoryOwnershipAttempts, OWNERSHIP_POLICY } from '../../../src/dialog/ownership.js';
import { harness } from '../../conversations/harness.js';

async function setUp() {
  const chat = await harness({ buyerId: null });
  const ownership = new MemoryOwnershipAttempts();
  chat.deps.ownership = ownership;
  const dialog = createDialog(chat.deps);
  const order = chat.order({ buyerId: 'victim', contact: '13812342046' });
  /** A message from `sender` in conversation `conversation` (REST: the sender is the channel's user). */
  const say = async (sender: string, text: string, conversation = `rest:${sender}`, buyerId?: string) => {
    const [reply] = await dialog.handle({
      channel: 'rest',
      conversationId: conversation,
      address: { sender },
      userId: sender,
      ...(buyerId ? { buyerId } : {}),
      text,
    });
    return reply?.text ?? '';
  };
  return { chat, ownership, order, say };
}

const LOCKED = /不能继续处理/;
const ASKS_CONTACT = /手机号|邮箱/;

describe('ownership lock', () => {
  it('/cancel after two guesses does not give the sender new guesses', async () => {
    const { order, say } = await setUp();
    expect(await say('mallory', `订单 ${order.orderNo} 卡密无效`)).toMatch(ASKS_CONTACT);
    expect(await say('mallory', '13800000001')).toMatch(/再试 2 次/);
    expect(await say('mallory', '13800000002')).toMatch(/再试 1 次/);
    await say('mallory', '/cancel');
    expect(await say('mallory', `订单 ${order.orderNo} 卡密无效`)).toMatch(ASKS_CONTACT);
    expect(await say('mallory', '13800000003')).toMatch(LOCKED);
    await say('mallory', '/restart');
    expect(await say('mallory', `订单 ${order.orderNo} 卡密无效`)).toMatch(LOCKED);
  });

  it('a new conversation of the same sender is locked too; another sender is not', async () => {
    const { order, say } = await setUp();
    await say('mallory', `订单 ${order.orderNo} 卡密无效`);
    for (const guess of ['13800000001', '13800000002', '13800000003']) await say('mallory', guess);
    expect(await say('mallory', `订单 ${order.orderNo} 卡密无效`, 'rest:mallory-second-window')).toMatch(LOCKED);
    expect(await say('trent', `订单 ${order.orderNo} 卡密无效`)).toMatch(ASKS_CONTACT);
  });

  it(`${OWNERSHIP_POLICY.perOrder} failures by many senders lock the order for everyone but its signed-in owner`, async () => {
    const { chat, order, say, ownership } = await setUp();
    for (let n = 0; n < 4; n++) {
      const sender = `sock-${n}`;
      await say(sender, `订单 ${order.orderNo} 卡密无效`);
      for (let g = 0; g < 3; g++) await say(sender, `1380000${n}${g}00`);
    }
    expect(await say('newcomer', `订单 ${order.orderNo} 卡密无效`)).toMatch(LOCKED);
    // The owner, signed in through the channel, is not locked out by strangers' guesses.
    expect(await say('victim', `订单 ${order.orderNo} 卡密无效`, 'rest:victim', 'victim')).not.toMatch(LOCKED);
    const history = await ownership.history(order.orderNo);
    expect(history).toHaveLength(OWNERSHIP_POLICY.perOrder);
    expect(history.filter((a) => a.locked === 'order')).toHaveLength(1);
    expect(history.filter((a) => a.locked === 'sender')).toHaveLength(3);
    expect(chat.platform.tickets.size).toBe(0);
  });

  it('the lock lifts when the failures leave the window', async () => {
    const { chat, order, say } = await setUp();
    await say('mallory', `订单 ${order.orderNo} 卡密无效`);
    for (const guess of ['13800000001', '13800000002', '13800000003']) await say('mallory', guess);
    chat.advanceClock(OWNERSHIP_POLICY.windowMs + 60_000);
    expect(await say('mallory', `订单 ${order.orderNo} 卡密无效`, 'rest:mallory-next-day')).toMatch(ASKS_CONTACT);
  });

  it('the right contact still proves the order before the lock', async () => {
    const { order, say } = await setUp();
    await say('guest', `订单 ${order.orderNo} 卡密无效`);
    await say('guest', '13800000001');
    expect(await say('guest', '13812342046')).not.toMatch(LOCKED);
  });
});
