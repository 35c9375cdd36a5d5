import { describe, expect, it } from 'vitest';
import type { Entity } from '../../../src/ports/understander.js';
import { NOW, trainedUnderstander } from './fixture.js';

const nlu = trainedUnderstander();
const entities = (text: string, name?: Entity['entity']) =>
  nlu.parseLocal(text, { now: NOW }).entities.filter((e) => name === undefined || e.entity === name);
const values = (text: string, name: Entity['entity']) => entities(text, name).map((e) => e.value);

describe('entities', () => {
  it('gives spans in the original text', () => {
    const text = '订单号：ｋｍ２０２６１１１８００４２１７，花唄付的';
    for (const e of entities(text)) expect(e.start).toBeLessThan(e.end);
    const order = entities(text, 'order_no')[0]!;
    expect(text.slice(order.start, order.end)).toBe('ｋｍ２０２６１１１８００４２１７');
    expect(values(text, 'payment_channel')).toEqual(['alipay']);
  });

  it.each([
    ['用微信零钱付的', ['wechat', 'wechat']],
    ['余额宝付款', ['alipay']],
    ['平台余额支付', ['balance']],
    ['paid by credit card', ['bank_card']],
    ['wx付的', ['wechat']],
  ])('payment channel in %s', (text, expected) => {
    expect(values(text, 'payment_channel')).toEqual(expected);
  });

  it.each([
    ['王者点券没到', 'game_card'],
    ['爱奇艺会员', 'membership'],
    ['windows激活码', 'software_license'],
    ['Q币', 'virtual_currency'],
    ['话费充值', 'other'],
  ])('product kind in %s', (text, expected) => {
    expect(values(text, 'product_kind')).toContain(expected);
  });

  it.each([
    ['扣了两次88.5元', ['88.5']],
    ['五十块的卡', ['50']],
    ['paid $20', ['20']],
    ['USD 15 card', ['15']],
    ['买了100元宝', []],
    ['100点券', []],
  ])('amount in %s', (text, expected) => {
    expect(values(text, 'amount')).toEqual(expected);
  });

  it('keeps transaction ids apart from order numbers', () => {
    const text = 'KM20261118004217 交易单号4200001234202611181234567890';
    expect(values(text, 'order_no')).toEqual(['KM20261118004217']);
    expect(values(text, 'txn_id')).toEqual(['4200001234202611181234567890']);
  });

  it.each([
    ['昨晚付的款', '2026-11-25T13:00:00.000Z'],
    ['等了3天了', '2026-11-23T12:00:00.000Z'],
    ['两个小时了还没到', '2026-11-26T10:00:00.000Z'],
    ['半小时前买的', '2026-11-26T11:30:00.000Z'],
    ['bought it two hours ago', '2026-11-26T10:00:00.000Z'],
    ['waited for 3 days', '2026-11-23T12:00:00.000Z'],
    ['前天买的', '2026-11-24'],
    ['yesterday', '2026-11-25'],
  ])('time in %s', (text, expected) => {
    expect(values(text, 'time')).toEqual([expected]);
  });

  it('does not read a policy period as a time', () => {
    expect(values('七天无理由能退吗，审核要1到3个工作日吗', 'time')).toEqual([]);
  });
});
