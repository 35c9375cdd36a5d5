import { describe, expect, it } from 'vitest';
import { extractReceipt, parseMoney, parseTime } from '../../../src/receipts/extract.js';
import { receiptDefinition, screen } from './fixture.js';

const def = receiptDefinition();

describe('reading a WeChat-style bill', () => {
  const fields = extractReceipt(
    screen([
      '9:41|5G 87%',
      '账单详情',
      '星辰数字卡铺',
      { text: '-128.00', big: true },
      '当前状态|支付成功',
      '支付时间|2026年11月18日 14:35:12',
      '商品|游戏点卡',
      '商户全称|星辰数字卡铺',
      '支付方式|零钱',
      '交易单号|4200002345202611181234567891',
      '商户单号|KM20261118000103',
    ]),
    def,
  );

  it('reads every field with its confidence', () => {
    expect(fields).toMatchObject({
      layout: 'wechat',
      channel: { value: 'wechat' },
      amount: { value: 128, confidence: 0.98 },
      currency: { value: 'CNY' },
      paidAt: { value: '2026-11-18T14:35:12+08:00', confidence: 0.98 },
      payee: { value: '星辰数字卡铺' },
      txnId: { value: '4200002345202611181234567891', confidence: 0.98 },
      merchantOrderNo: { value: 'KM20261118000103' },
      status: { value: 'paid' },
    });
  });

  it('does not take the status-bar clock for the payment time', () => {
    expect(fields.paidAt?.value).not.toContain('09:41');
  });
});

describe('other layouts and languages', () => {
  it('reads an English Alipay bill whose labels and values are separate boxes or one box', () => {
    const fields = extractReceipt(
      screen([
        'Bill Details',
        'CloudKey Store',
        { text: '-1,288.00', big: true },
        'Completed',
        'Order amount|¥1,290.00',
        'Discount|-¥2.00',
        'Payment time|Nov 3, 2026 08:05:09',
        "Paid with|Yu'e Bao",
        'Payee CloudKey Store',
        'Transaction No.|2026110322001234567890123456',
        'Merchant order no.|KM20261103000042',
      ]),
      def,
    );
    expect(fields.amount?.value).toBe(1288);
    expect(fields.channel?.value).toBe('alipay');
    expect(fields.paidAt?.value).toBe('2026-11-03T08:05:09+08:00');
    expect(fields.payee?.value).toBe('CloudKey Store');
    expect(fields.txnId?.value).toBe('2026110322001234567890123456');
    expect(fields.status?.value).toBe('paid');
  });

  it('reads a bank transaction with the currency after the amount and the value on the next line', () => {
    const fields = extractReceipt(
      screen([
        '示例银行',
        { text: '-68.00 人民币', big: true },
        '交易成功',
        '交易时间|2026-10-02 21:14:00',
        '对方户名',
        '蓝鲸点卡商城',
        '付款卡号|储蓄卡 尾号 6217',
        '交易流水号|HX202610021234567890',
        '交易状态|已退款',
      ]),
      def,
    );
    expect(fields).toMatchObject({
      channel: { value: 'bank_card' },
      amount: { value: 68 },
      currency: { value: 'CNY' },
      payee: { value: '蓝鲸点卡商城' },
      txnId: { value: 'HX202610021234567890' },
      status: { value: 'refunded' },
    });
  });

  it('repairs digit look-alikes in an all-digit id, with less confidence', () => {
    const fields = extractReceipt(
      screen([{ text: '¥30.00', big: true }, '交易单号|42000O2345202611181234567891']),
      def,
    );
    expect(fields.txnId?.value).toBe('4200002345202611181234567891');
    expect(fields.txnId?.confidence).toBeLessThan(0.98);
  });

  it('reports nothing it did not see', () => {
    const fields = extractReceipt(screen(['你好', 'hello world']), def);
    expect(fields).toMatchObject({ amount: null, txnId: null, paidAt: null, payee: null, status: null, channel: null });
    expect(extractReceipt([], def).amount).toBeNull();
  });

  it('keeps hostile text as plain data', () => {
    const fields = extractReceipt(screen([{ text: '¥9.90', big: true }, '商户全称|<img src=x onerror=alert(1)>']), def);
    expect(fields.payee?.value).toBe('<img src=x onerror=alert(1)>');
  });
});

describe('money and time', () => {
  it.each([
    ['-¥128.00', 128, 'CNY'],
    ['¥ 1,288.00', 1288, 'CNY'],
    ['1.288.00', 1288, null],
    ['CNY -34.33', 34.33, 'CNY'],
    ['128.00 元', 128, 'CNY'],
    ['US$ 5.00', 5, 'USD'],
  ])('%s', (text, value, currency) => {
    expect(parseMoney(text, def)).toEqual({ value, currency });
  });

  it.each(['128', '交易单号 4200', '12.5', ''])('%s is not money', (text) => {
    expect(parseMoney(text, def)).toBeNull();
  });

  it.each([
    ['2026年11月18日 14:32:07', '2026-11-18T14:32:07+08:00'],
    ['2026/1/8 9:05', '2026-01-08T09:05:00+08:00'],
    ['Nov 18, 2026 14:32:07', '2026-11-18T14:32:07+08:00'],
    ['19 0ct2026,09:05:17', '2026-10-19T09:05:17+08:00'],
  ])('%s', (text, iso) => {
    expect(parseTime(text, def)).toBe(iso);
  });

  it('rejects impossible dates', () => {
    expect(parseTime('2026-13-01 10:00:00', def)).toBeNull();
    expect(parseTime('2026-12-01 25:00:00', def)).toBeNull();
  });
});
