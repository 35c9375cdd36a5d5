/**
 * Guessing the checkout contact of someone else's order. It used to be counted per case, so /cancel
 * after every two guesses gave new ones: 601 guesses in 14 s, then the victim's order was shown. Now
 * failures count per (sender, order) and per order across senders, whatever the conversation does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OWNERSHIP_POLICY } from '../../src/dialog/ownership.js';
import { createOrder, type Product, say, start, text } from './harness.js';

let product: Product;
beforeAll(async () => {
  product = await start({ LOG_LEVEL: 'silent' });
}, 120_000);
afterAll(() => product?.stop());

const LOCKED = /不能继续处理/;

/** The attacker's loop of the reproduction: two guesses, /cancel, again; then `last`; the last reply. */
async function guess(sender: string, orderNo: string, rounds: number, last?: string): Promise<string> {
  let reply = '';
  for (let round = 0; round < rounds; round++) {
    await say(product.base, sender, `订单 ${orderNo} 的卡密无效`);
    for (let n = 0; n < 2; n++) {
      reply = text(await say(product.base, sender, `138${String(round * 2 + n).padStart(8, '0')}`));
      if (LOCKED.test(reply)) return reply;
    }
    await say(product.base, sender, '/cancel');
  }
  if (last) {
    await say(product.base, sender, `订单 ${orderNo} 的卡密无效`);
    reply = text(await say(product.base, sender, last));
  }
  return reply;
}

describe('ownership lock', () => {
  it('/cancel between guesses does not reset the count: the third failure locks, the right number then too', async () => {
    const orderNo = await createOrder(product.base, {
      buyerId: 'victim-1',
      contact: '13812342046',
      product: { name: '受害者的会员年卡' },
    });
    const reply = await guess('mallory-1', orderNo, 50, '13812342046');
    expect(reply).toMatch(LOCKED);
    const locked = product.started.runtime.storage.ownership;
    const attempts = await locked.history(orderNo);
    expect(attempts.filter((a) => a.sender === 'rest:mallory-1')).toHaveLength(OWNERSHIP_POLICY.perSender);
    expect(attempts.find((a) => a.locked === 'sender')).toBeDefined();
    // Even the right number, guessed after the lock, shows nothing of the order.
    expect(reply).not.toMatch(/受害者的会员年卡|确认提交/);
  });

  it('a new conversation or /restart does not help; many senders together are stopped per order', async () => {
    const orderNo = await createOrder(product.base, { buyerId: 'victim-2', contact: '13812342047' });
    await guess('mallory-2', orderNo, 2);
    await say(product.base, 'mallory-2', '/restart');
    expect(text(await say(product.base, 'mallory-2', `订单 ${orderNo} 卡密无效`))).toMatch(LOCKED);

    // Six sock puppets with three guesses each would make 18; the order stops them at its limit.
    for (let s = 0; s < 6; s++) {
      const sender = `sock-${s}`;
      await say(product.base, sender, `订单 ${orderNo} 卡密无效`);
      for (let n = 0; n < 3; n++) {
        if (LOCKED.test(text(await say(product.base, sender, `1390000${s}${n}00`)))) break;
      }
    }
    const all = await product.started.runtime.storage.ownership.history(orderNo);
    expect(all).toHaveLength(OWNERSHIP_POLICY.perOrder);
    expect(all[0]?.locked).toBe('order');
    expect(text(await say(product.base, 'fresh-sender', `订单 ${orderNo} 卡密无效`))).toMatch(LOCKED);
    // The owner, signed in (the REST sender is the buyer id), is not locked out by strangers.
    expect(text(await say(product.base, 'victim-2', `订单 ${orderNo} 卡密无效`))).not.toMatch(LOCKED);
  });
});
