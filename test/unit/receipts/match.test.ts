import { describe, expect, it } from 'vitest';
import type { Order } from '../../../src/ports/platform.js';
import type { ReceiptFields } from '../../../src/receipts/extract.js';
import { matchReceipt } from '../../../src/receipts/match.js';
import { receiptDefinition } from './fixture.js';

const definition = receiptDefinition();
const now = new Date('2026-11-18T08:00:00Z'); // 16:00 in UTC+8

const order = (over: Partial<Order> = {}): Order => ({
  orderNo: 'KM20261118000103',
  buyerId: 'demo-buyer',
  contact: 'demo@example.com',
  product: { sku: 'S', name: 'Card', kind: 'game_card', deliveryMode: 'auto', promiseHours: 2, noReasonDays: 0 },
  amount: 128,
  currency: 'CNY',
  paymentChannel: 'wechat',
  status: 'delivered',
  paidAt: '2026-11-18T06:32:07Z',
  charges: [{ txnId: '4200002345202611181234567890', amount: 128, at: '2026-11-18T06:32:07Z' }],
  supplierId: 'sup-1',
  ...over,
});

const f = <T>(value: T, confidence = 0.97) => ({ value, confidence });
const receipt = (over: Partial<ReceiptFields> = {}): ReceiptFields => ({
  layout: 'wechat',
  channel: f('wechat'),
  amount: f(128),
  currency: f('CNY'),
  paidAt: f('2026-11-18T14:35:12+08:00'), // three minutes after the charge
  payee: f('星辰数字卡铺'),
  txnId: f('4200002345202611181234567891'),
  merchantOrderNo: null,
  status: f('paid'),
  ...over,
});

const match = (r: ReceiptFields, o = order()) => matchReceipt(r, o, { now, definition });

describe('a receipt against the order charges', () => {
  it('the same transaction id is the charge the platform already has', () => {
    expect(
      match(receipt({ txnId: f('4200 0023 4520 2611 1812 3456 7890'), paidAt: f('2026-11-18T14:32:07+08:00') })),
    ).toMatchObject({ result: 'known_charge', support: 'strong', chargeTxnId: '4200002345202611181234567890' });
  });

  it('a second payment, same amount and merchant, minutes later, unknown id: supports a duplicate charge', () => {
    expect(match(receipt())).toEqual({
      result: 'extra_charge',
      support: 'strong',
      chargeTxnId: '4200002345202611181234567890',
      mismatches: [],
      confidence: 0.97,
    });
  });

  it('a receipt at the very time of the known charge is that charge, its id misread: weak, never a duplicate', () => {
    expect(
      match(receipt({ txnId: f('4200002345202611181234567899'), paidAt: f('2026-11-18T14:32:07+08:00') })),
    ).toMatchObject({
      result: 'known_charge',
      support: 'weak',
      chargeTxnId: '4200002345202611181234567890',
    });
  });

  it('the same payment hours away from any charge does not fit', () => {
    expect(match(receipt({ paidAt: f('2026-11-17T09:00:00+08:00') }))).toMatchObject({
      result: 'mismatch',
      mismatches: ['time'],
    });
  });

  it('a paid receipt for an order the platform shows unpaid, recent and same amount: supports the payment', () => {
    const unpaid = order({ status: 'pending_payment', paidAt: null, charges: [] });
    expect(match(receipt(), unpaid)).toMatchObject({ result: 'paid_unpaid_order', support: 'strong' });
    expect(match(receipt({ paidAt: f('2026-11-01T10:00:00+08:00') }), unpaid)).toMatchObject({
      result: 'mismatch',
      mismatches: ['time'],
    });
  });

  it.each([
    ['another amount', { amount: f(98) }, 'amount'],
    ['another merchant', { payee: f('某某超市') }, 'payee'],
    ['a date after the complaint', { paidAt: f('2026-11-18T16:30:00+08:00') }, 'after_complaint'],
    ['a refund record', { status: f('refunded' as const) }, 'refund_record'],
    ['a failed payment', { status: f('failed' as const) }, 'not_successful'],
    ['another order number', { merchantOrderNo: f('KM20261118000999') }, 'order_no'],
  ] as const)('%s is a mismatch', (_, over, why) => {
    const result = match(receipt(over));
    expect(result.result).toBe('mismatch');
    expect(result.support).toBe('none');
    expect(result.mismatches).toContain(why);
  });

  it('a shortened or prefixed payee still counts as this site', () => {
    expect(match(receipt({ payee: f('财付通-星辰数字卡铺') })).result).toBe('extra_charge');
    expect(match(receipt({ payee: f('星辰数字卡…') })).result).toBe('extra_charge');
  });

  it('fields read with low confidence are not compared, and the support is weaker', () => {
    const result = match(receipt({ txnId: f('4200002345202611181234567891', 0.2), payee: f('某某超市', 0.3) }));
    expect(result).toMatchObject({ result: 'extra_charge', support: 'weak' });
  });

  it('nothing readable is unreadable, not a mismatch', () => {
    expect(match(receipt({ amount: null, txnId: null })).result).toBe('unreadable');
  });
});
