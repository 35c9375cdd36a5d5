import { describe, expect, it } from 'vitest';
import { ago, harness } from './harness.js';

describe('interruptions at any point', () => {
  it('cancel mid-form: nothing is opened and the next message starts fresh', async () => {
    const chat = await harness();
    const order = chat.order();
    (await chat.send(`${order.orderNo} 卡密无效`)).asks('evidence');
    (await chat.send('/cancel')).ends().says(/已取消/);
    expect(chat.openTickets()).toHaveLength(0);
    (await chat.send('你好')).asks('scenario').offers('/scenario not_delivered');
  });

  it('cancel in words works too', async () => {
    const chat = await harness();
    const order = chat.order();
    await chat.send(`${order.orderNo} 卡密无效`);
    (await chat.send('算了不退了')).ends().says(/已取消/);
  });

  it('start over forgets the case', async () => {
    const chat = await harness();
    await chat.send('东西没到账');
    (await chat.send('/restart')).ends().says(/重新开始/);
    (await chat.send('扣了两次钱')).asks('order_no');
    const order = chat.order({
      charges: [
        { txnId: 'a', amount: 1, at: ago('1h') },
        { txnId: 'b', amount: 1, at: ago('1h') },
      ],
    });
    (await chat.send(order.orderNo)).asks('confirm').cites('RP-04');
  });

  it('switches to another order mid-form, keeping the situation', async () => {
    const chat = await harness();
    const first = chat.order();
    const second = chat.order({ product: { name: '另一张卡' } });
    (await chat.send(`${first.orderNo} 激活码无效`)).asks('evidence', 'error_screenshot');
    (await chat.send(`不对，是这个订单 ${second.orderNo}`)).asks('evidence', 'error_screenshot').says(/换一个订单/);
    await chat.upload('e.png');
    await chat.send('/confirm');
    expect(chat.openTickets()[0]?.orderNo).toBe(second.orderNo);
  });

  it('the another-order button asks for the new number', async () => {
    const chat = await harness();
    const first = chat.order();
    await chat.send(`${first.orderNo} 激活码无效`);
    (await chat.send('/another_order')).asks('order_no');
  });

  it('a policy question mid-form is answered from the knowledge base, then the form continues', async () => {
    const chat = await harness();
    const order = chat.order();
    (await chat.send(`${order.orderNo} 卡密无效`)).asks('evidence', 'error_screenshot');
    (await chat.send('顺便问下，你们的退款规则支持七天无理由吗？'))
      .cites('RP-08')
      .says(/第8条/)
      .says(/继续/)
      .asks('evidence', 'error_screenshot');
  });

  it('asking for a human flags the conversation and says honestly what happens next', async () => {
    const chat = await harness();
    const order = chat.order();
    await chat.send(`${order.orderNo} 卡密无效`);
    (await chat.send('我要找人工客服'))
      .ends()
      .says(/人工/)
      .never(/马上|立即/);
    expect((await chat.conversations.get(chat.conversationId))?.handoff).toBe(true);
    expect(chat.events('handoff')).toHaveLength(1);
    // the buyer may still go on with the bot
    (await chat.send('/human')).ends();
  });

  it('switches language with the buyer, and on request', async () => {
    const chat = await harness();
    const order = chat.order();
    (await chat.send('卡密无效')).asks('order_no').says(/订单号/);
    (await chat.send(`Sorry, English please. The order is ${order.orderNo}`)).says(/screenshot/).asks('evidence');
    (await chat.send('/lang zh')).says(/中文/).asks('evidence');
  });
});
