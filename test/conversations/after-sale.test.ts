import { describe, expect, it } from 'vitest';
import { ago, harness } from './harness.js';

describe('refund status and appeals', () => {
  it('refund status: reports the ticket, the decision and when the money arrives (RP-14, RP-18)', async () => {
    const chat = await harness();
    const order = chat.order({ status: 'refunded', paymentChannel: 'bank_card' });
    chat.platform.seedTicket(order, 'not_delivered', 'approved', ago('3d'));
    (await chat.send(`${order.orderNo} 的退款进度怎么样了，银行卡还没收到`))
      .ends()
      .cites('RP-14', 'RP-18')
      .says(/银行卡/);
    expect(chat.openTickets()).toHaveLength(0);
  });

  it('appeal within the window: reason, new evidence, confirm → the rejected ticket becomes appealed', async () => {
    const chat = await harness();
    const order = chat.order();
    const rejected = chat.platform.seedTicket(order, 'defective', 'rejected', ago('3d'));
    (await chat.send(`我的申请被驳回了，想申诉 ${order.orderNo}`)).asks('appeal_reason').cites('RP-15');
    (await chat.send('兑换页面一直报错，驳回理由不对')).asks('evidence', 'error_screenshot');
    (await chat.upload('new.png')).asks('confirm');
    (await chat.send('/confirm')).ends().cites('RP-15');
    const after = chat.platform.tickets.get(rejected.ticketId);
    expect(after?.status).toBe('appealed');
    expect(after?.appeal?.evidence.map((e) => e.kind)).toEqual(['error_screenshot']);
  });

  it('appeal without a rejected ticket: says so and files nothing', async () => {
    const chat = await harness();
    const order = chat.order();
    (await chat.send(`你们驳回了我的退款，我要申诉 ${order.orderNo}`))
      .ends()
      .cites('RP-15')
      .says(/没有找到/);
    expect([...chat.platform.tickets.values()].some((t) => t.status === 'appealed')).toBe(false);
  });

  it('appeal after the window: explains RP-15 and the outside channels (RP-16)', async () => {
    const chat = await harness();
    const order = chat.order();
    chat.platform.seedTicket(order, 'defective', 'rejected', ago('10d'));
    (await chat.send(`申诉 ${order.orderNo}`)).ends().cites('RP-15', 'RP-16').says(/12315/);
  });

  it('a signed-in buyer with one rejected ticket can appeal without typing the order number', async () => {
    const chat = await harness();
    const order = chat.order();
    chat.platform.seedTicket(order, 'defective', 'rejected', ago('1d'));
    (await chat.send('我的退款被驳回了，我要申诉')).asks('appeal_reason').says(/申诉期/);
  });

  it('"not received" on an order already refunded is a question about the refund', async () => {
    const chat = await harness();
    const order = chat.order({ status: 'refunded', paymentChannel: 'alipay' });
    (await chat.send(`${order.orderNo} 钱还没到账`))
      .ends()
      .cites('RP-14', 'RP-18')
      .says(/支付宝/);
  });

  it('an appeal offers each kind of evidence the rejected case asks for until one arrives', async () => {
    const chat = await harness();
    const order = chat.order();
    const rejected = chat.platform.seedTicket(order, 'not_as_described', 'rejected', ago('2d'));
    await chat.send(`驳回不合理，我要申诉 ${order.orderNo}`);
    (await chat.send('页面写的是独享，实际是共享的')).asks('evidence', 'listing_screenshot');
    (await chat.send('/no_evidence')).asks('evidence', 'error_screenshot');
    (await chat.upload('shared.png')).asks('confirm');
    await chat.send('/confirm');
    expect(chat.platform.tickets.get(rejected.ticketId)?.appeal?.evidence.map((e) => e.kind)).toEqual([
      'error_screenshot',
    ]);
  });
});
