import { describe, expect, it } from 'vitest';
import { ago, harness } from './harness.js';

describe('a buyer gets from the first message to a ticket', () => {
  it('not delivered past the promise: asks the order, assesses eligible (RP-03), opens the ticket with review time and route', async () => {
    const chat = await harness();
    const order = chat.order({
      status: 'delivering',
      deliveredAt: null,
      paidAt: ago('8h'),
      product: { deliveryMode: 'manual', promiseHours: 3 },
    });
    (await chat.send('付了钱三个多小时了点券还没到')).asks('order_no');
    (await chat.send(`单号是 ${order.orderNo}`))
      .asks('confirm')
      .cites('RP-03')
      .says(/第3条/)
      .offers('/confirm', '/cancel');
    const done = (await chat.send('/confirm'))
      .ends()
      .cites('RP-12', 'RP-14')
      .says(/T000001/)
      .says(/微信/);
    done.never(/已为您退款|已经为您退款/);
    const [ticket] = chat.openTickets();
    expect(ticket).toMatchObject({
      scenario: 'not_delivered',
      assessment: { result: 'eligible', clauseIds: ['RP-03'] },
    });
    expect(ticket?.transcript.headHash).toMatch(/^[0-9a-f]{64}$/);
    expect(chat.events('ticket_opened')).toHaveLength(1);
    expect(await chat.tickets.get('T000001')).toMatchObject({ conversationId: chat.conversationId });
  });

  it('duplicate charge with two charges on the order: eligible (RP-04) without asking for proof', async () => {
    const chat = await harness();
    const order = chat.order({
      charges: [
        { txnId: 'A', amount: 30, at: ago('3h') },
        { txnId: 'B', amount: 30, at: ago('3h') },
      ],
    });
    (await chat.send(`订单 ${order.orderNo} 支付时扣了两次钱`)).asks('confirm').cites('RP-04');
    await chat.send('/confirm');
    expect(chat.openTickets()[0]).toMatchObject({
      scenario: 'duplicate_charge',
      assessment: { result: 'eligible' },
      evidence: [],
    });
  });

  it('duplicate charge with one charge on the order: asks payment proof, needs_review, carries it', async () => {
    const chat = await harness();
    const order = chat.order();
    (await chat.send(`${order.orderNo} 重复扣款了`)).asks('evidence', 'payment_proof').cites('RP-04');
    (await chat.upload('bill.png')).asks('confirm').says(/付款记录/);
    await chat.send('/confirm');
    const [ticket] = chat.openTickets();
    expect(ticket?.assessment.result).toBe('needs_review');
    expect(ticket?.evidence.map((e) => e.kind)).toEqual(['payment_proof']);
  });

  it('defective: asks the error screenshot; "I have none" is recorded and does not block', async () => {
    const chat = await harness();
    const order = chat.order();
    (await chat.send(`卡密激活不了，提示无效，${order.orderNo}`))
      .asks('evidence', 'error_screenshot')
      .offers('/no_evidence');
    (await chat.send('/no_evidence')).asks('confirm').says(/未提供/);
    await chat.send('/confirm');
    expect(chat.openTickets()[0]).toMatchObject({
      scenario: 'defective',
      assessment: { result: 'needs_review', clauseIds: ['RP-05'] },
      evidence: [],
    });
    expect(chat.events('evidence_received')).toEqual([
      expect.objectContaining({ kind: 'error_screenshot', none: true }),
    ]);
  });

  it('not as described: asks for the listing and the received item, in that order', async () => {
    const chat = await harness();
    const order = chat.order();
    (await chat.send(`${order.orderNo} 收到的跟商品描述不符`)).asks('evidence', 'listing_screenshot');
    (await chat.upload('listing.png')).asks('evidence', 'error_screenshot');
    (await chat.upload('got.png')).asks('confirm');
    await chat.send('/confirm');
    expect(chat.openTickets()[0]?.evidence.map((e) => e.kind)).toEqual(['listing_screenshot', 'error_screenshot']);
  });

  it('says 没到账 for a delivered order: asks which it is, then follows the defective path (SPEC §3)', async () => {
    const chat = await harness();
    const order = chat.order();
    (await chat.send('我买的东西没到账')).asks('order_no');
    (await chat.send(order.orderNo)).asks('free_text').offers('/scenario defective', '/scenario not_delivered');
    (await chat.send('卡密在订单页能看到，但是输进去提示无效')).asks('evidence', 'error_screenshot').cites('RP-05');
    await chat.upload('err.png');
    await chat.send('/confirm');
    expect(chat.openTickets()[0]?.scenario).toBe('defective');
  });

  it('not delivered before the promise: too_early with the exact time, no ticket', async () => {
    const chat = await harness();
    const order = chat.order({ status: 'paid', deliveredAt: null, paidAt: ago('2h'), product: { promiseHours: 24 } });
    const reply = (await chat.send(`${order.orderNo} 还没到`)).ends().cites('RP-03');
    reply.says(/2026年11月27日 18:00/);
    expect(chat.openTickets()).toHaveLength(0);
    expect(chat.events('assessment')).toEqual([expect.objectContaining({ result: 'too_early' })]);
  });

  it('no-reason refund on a marked, unused product within the window: eligible (RP-08)', async () => {
    const chat = await harness();
    const order = chat.order({ paidAt: ago('2d'), deliveredAt: ago('2d'), product: { noReasonDays: 7 } });
    (await chat.send(`不需要了想退 ${order.orderNo}`)).asks('confirm').cites('RP-08');
    await chat.send('/confirm');
    expect(chat.openTickets()[0]?.assessment.result).toBe('eligible');
  });

  it('no-reason on an activated item becomes used_goods: not_eligible; declining opens nothing', async () => {
    const chat = await harness();
    const order = chat.order({ activatedAt: ago('1d'), product: { noReasonDays: 7 } });
    (await chat.send(`不想要了 ${order.orderNo}`))
      .asks('confirm')
      .offers('/insist', '/cancel')
      .cites('RP-09', 'LAW-CPL-25');
    (await chat.send('/cancel')).ends();
    expect(chat.openTickets()).toHaveLength(0);
    expect(chat.events('scenario_classified').at(-1)).toMatchObject({ scenario: 'used_goods', by: 'order_facts' });
  });

  it('used goods with an insisting buyer: opens the ticket honestly as not_eligible', async () => {
    const chat = await harness();
    const order = chat.order({ activatedAt: ago('1d') });
    (await chat.send(`已经充进去了，能退吗 ${order.orderNo}`)).asks('confirm').says(/可能性不大/);
    (await chat.send('我还是要申请，帮我提交')).asks('confirm').offers('/confirm');
    await chat.send('/confirm');
    expect(chat.openTickets()[0]?.assessment).toMatchObject({
      result: 'not_eligible',
      clauseIds: ['RP-09', 'LAW-CPL-25'],
    });
  });

  it('English throughout: replies follow the buyer', async () => {
    const chat = await harness();
    const order = chat.order({ paidAt: ago('12d'), deliveredAt: ago('12d'), product: { noReasonDays: 7 } });
    (await chat.send("I don't need this gift card any more, can I return it?")).asks('order_no').says(/order number/);
    (await chat.send(`It's ${order.orderNo}`))
      .says(/Refund Rules §8/)
      .cites('RP-08', 'LAW-CPL-25')
      .asks('confirm');
    (await chat.send('/cancel')).says(/nothing has been submitted/i);
  });

  it('a repeated confirmation opens one ticket (idempotent key)', async () => {
    const chat = await harness();
    const order = chat.order({ status: 'paid', deliveredAt: null, paidAt: ago('30h') });
    await chat.send(`${order.orderNo} 一直没发货`);
    await chat.send('/confirm');
    await chat.send(`${order.orderNo} 还是没发货`);
    await chat.send('/confirm');
    expect(chat.openTickets()).toHaveLength(1);
  });

  it('says paid but the platform shows no payment: asks for the payment record, needs_review', async () => {
    const chat = await harness();
    const order = chat.order({ status: 'pending_payment', paidAt: null, deliveredAt: null, charges: [] });
    (await chat.send(`${order.orderNo} 钱付了一直没发货`)).asks('evidence', 'payment_proof').cites('RP-03');
    await chat.upload('pay.png');
    await chat.send('/confirm');
    expect(chat.openTickets()[0]?.assessment.result).toBe('needs_review');
  });

  it('a "code invalid" complaint on an order not delivered yet follows the not-delivered path', async () => {
    const chat = await harness();
    const order = chat.order({ status: 'delivering', deliveredAt: null, paidAt: ago('5h') });
    (await chat.send(`${order.orderNo} 卡密无效`)).asks('confirm').cites('RP-03');
    expect(chat.events('scenario_classified').at(-1)).toMatchObject({ scenario: 'not_delivered', by: 'order_facts' });
  });
});
