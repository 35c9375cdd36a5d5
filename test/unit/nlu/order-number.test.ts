import { describe, expect, it } from 'vitest';
import { OrderNumberFinder } from '../../../src/nlu/entities/order-number.js';
import { refundDefinition } from './fixture.js';

const finder = new OrderNumberFinder(refundDefinition().nlu.entities.order_no);
const find = (text: string) => finder.find(text.normalize('NFKC').toLowerCase()).map((s) => s.value);

describe('order numbers', () => {
  it.each([
    ['订单KM20261118004217没到', 'KM20261118004217'],
    ['km20261118004217', 'KM20261118004217'],
    ['单号 km-20261118-004217 麻烦看下', 'KM20261118004217'],
    ['order KM 2026 1118 004217 please', 'KM20261118004217'],
    ['ｋｍ２０２６１１１８００４２１７', 'KM20261118004217'],
    ['Km_20261118_004217', 'KM20261118004217'],
    ['订单号：20261118004217', 'KM20261118004217'],
  ])('%s', (text, expected) => {
    expect(find(text)).toEqual([expected]);
  });

  it('finds two numbers in one message', () => {
    expect(find('KM20261118004217 和 km20261119000001 都没到')).toEqual(['KM20261118004217', 'KM20261119000001']);
  });

  it.each([
    ['微信交易单号4200001234202611181234567890'],
    ['我的手机号13800138000'],
    ['工单TK20261118000123被驳回'],
    ['尾号4217的银行卡'],
    ['付款时间20261118004217'],
    ['KM2026111800421 少了一位'],
    ['KM202611180042170 多了一位'],
  ])('never takes %s for an order number', (text) => {
    expect(find(text)).toEqual([]);
  });

  it('reads a pattern from the definition, not from code', () => {
    const dujiaoka = new OrderNumberFinder({ pattern: '[A-Z0-9]{16}', separators: ' ', cues: [] });
    expect(dujiaoka.find('order 8f3kq0z7m2x9c1vb').map((s) => s.value)).toEqual(['8F3KQ0Z7M2X9C1VB']);
  });
});
