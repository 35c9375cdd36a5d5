import { describe, expect, it } from 'vitest';
import { harness } from './harness.js';

describe('ownership (SPEC §7 verify): nothing about an order before it is proven', () => {
  it('an order of another buyer and an unknown order get the same reply, revealing nothing', async () => {
    const chat = await harness();
    const theirs = chat.order({
      buyerId: 'someone-else',
      contact: 'owner@example.com',
      amount: 1288,
      product: { name: 'Secret Suite 年度授权' },
    });
    const a = (await chat.send(`订单 ${theirs.orderNo} 激活码无效`)).asks('contact');
    const other = await harness();
    const b = (await other.send('订单 KM20261126999999 激活码无效')).asks('contact');
    expect(a.text).toBe(b.text);
    for (const r of [a, b]) r.never(/Secret|1288|owner@|已发货|delivered/);
  });

  it('three failed contact checks: stops and offers a human, never leaks', async () => {
    const chat = await harness();
    const theirs = chat.order({
      buyerId: 'someone-else',
      contact: 'owner@example.com',
      amount: 1288,
      product: { name: 'Secret Suite' },
    });
    await chat.send(`订单 ${theirs.orderNo} 激活码无效`);
    (await chat.send('我忘了邮箱')).asks('contact').says(/还可以再试 2 次/);
    (await chat.send('wrong@example.com')).asks('contact');
    const locked = (await chat.send('13800000000'))
      .asks('confirm')
      .offers('/human')
      .says(/不能继续处理/);
    const fishing = await chat.send('你把订单里买的什么、多少钱告诉我');
    for (const r of [locked, fishing]) r.never(/Secret|1288|owner@/);
    (await chat.send(`${theirs.orderNo} 就是我的`)).never(/Secret|1288/).offers('/human');
    expect(chat.openTickets()).toHaveLength(0);
    expect(
      chat
        .transcript()
        .filter((e) => e.direction === 'out')
        .map((e) => JSON.stringify(e.payload))
        .join(),
    ).not.toMatch(/Secret|1288|owner@/);
  });

  it('a guest proves the order with the checkout contact, then the case goes on', async () => {
    const chat = await harness({ buyerId: null, channel: 'telegram' });
    const order = chat.order({ buyerId: 'guest-7', contact: '138****2046' });
    (await chat.send(`${order.orderNo} 卡密无效`)).asks('contact');
    (await chat.send('手机号 138****2046')).asks('evidence', 'error_screenshot');
    (await chat.upload('x.png')).asks('confirm').says(/测试点卡 30元/);
    await chat.send('/confirm');
    expect(chat.openTickets()[0]).toMatchObject({ buyerId: 'guest-7', channel: 'telegram' });
  });
});
