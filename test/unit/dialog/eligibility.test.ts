import { describe, expect, it } from 'vitest';
import {
  appealEvidenceKinds,
  assess,
  clarifyChoices,
  orderFacts,
  reclassify,
  requiredEvidence,
} from '../../../src/dialog/eligibility.js';
import type { Order } from '../../../src/ports/platform.js';
import { ago, definition, NOW } from '../../conversations/harness.js';

const { rules, evidence } = definition;
const order = (o: Partial<Omit<Order, 'product'>> & { product?: Partial<Order['product']> } = {}): Order => ({
  orderNo: 'KM20261126000001',
  buyerId: 'b',
  contact: 'c',
  amount: 10,
  currency: 'CNY',
  paymentChannel: 'alipay',
  status: 'delivered',
  paidAt: ago('1d'),
  deliveredAt: ago('1d'),
  charges: [{ txnId: 't', amount: 10, at: ago('1d') }],
  supplierId: 's',
  ...o,
  product: {
    sku: 's',
    name: 'n',
    kind: 'membership',
    deliveryMode: 'auto',
    promiseHours: 1,
    noReasonDays: 0,
    ...o.product,
  },
});
const verdict = (scenario: Parameters<typeof assess>[1], o: Order) => assess(rules, scenario, orderFacts(o, NOW));

describe('eligibility (SPEC §6) from rules.yaml and order facts', () => {
  it('not_delivered: eligible past the promise, too_early before it', () => {
    const pending = { status: 'delivering' as const, deliveredAt: null };
    expect(
      verdict('not_delivered', order({ ...pending, paidAt: ago('3h'), product: { promiseHours: 2 } })),
    ).toMatchObject({ result: 'eligible', clauseIds: ['RP-03'] });
    expect(
      verdict('not_delivered', order({ ...pending, paidAt: ago('1h'), product: { promiseHours: 2 } })),
    ).toMatchObject({ result: 'too_early' });
  });

  it('duplicate_charge: eligible only when the platform shows two charges', () => {
    const two = order({
      charges: [
        { txnId: 'a', amount: 1, at: ago('1h') },
        { txnId: 'b', amount: 1, at: ago('1h') },
      ],
    });
    expect(verdict('duplicate_charge', two)?.result).toBe('eligible');
    expect(verdict('duplicate_charge', order())?.result).toBe('needs_review');
    expect(requiredEvidence(evidence, 'duplicate_charge', orderFacts(two, NOW))).toEqual([]);
    expect(requiredEvidence(evidence, 'duplicate_charge', orderFacts(order(), NOW))).toEqual(['payment_proof']);
  });

  it('no_reason: marked, within the window and unactivated only', () => {
    expect(verdict('no_reason', order({ product: { noReasonDays: 7 } }))).toMatchObject({
      result: 'eligible',
      clauseIds: ['RP-08'],
    });
    expect(verdict('no_reason', order({ product: { noReasonDays: 0 } }))).toMatchObject({
      result: 'not_eligible',
      clauseIds: ['RP-08', 'LAW-CPL-25'],
    });
    expect(
      verdict('no_reason', order({ paidAt: ago('12d'), deliveredAt: ago('12d'), product: { noReasonDays: 7 } }))
        ?.result,
    ).toBe('not_eligible');
  });

  it('used goods and activated items are not eligible (RP-09, LAW-CPL-25)', () => {
    expect(verdict('used_goods', order())).toMatchObject({
      result: 'not_eligible',
      clauseIds: ['RP-09', 'LAW-CPL-25'],
    });
    expect(reclassify(rules, 'no_reason', orderFacts(order({ activatedAt: ago('1h') }), NOW))).toBe('used_goods');
  });

  it('defect-like scenarios need review', () => {
    for (const s of ['defective', 'wrong_item', 'not_as_described', 'supplier_refused'] as const) {
      expect(verdict(s, order())?.result).toBe('needs_review');
    }
  });

  it('appeal: within 7 days of the rejection needs review, later not eligible with RP-16', () => {
    const within = assess(rules, 'appeal', orderFacts(order(), NOW, { decidedAt: ago('3d'), days: 7 }));
    const late = assess(rules, 'appeal', orderFacts(order(), NOW, { decidedAt: ago('8d'), days: 7 }));
    expect(within).toMatchObject({ result: 'needs_review', clauseIds: ['RP-15'] });
    expect(late).toMatchObject({ result: 'not_eligible', clauseIds: ['RP-15', 'RP-16'] });
  });

  it('"not delivered" for a delivered order asks the buyer to choose', () => {
    expect(clarifyChoices(rules, 'not_delivered', orderFacts(order(), NOW))).toEqual(['defective', 'not_delivered']);
    expect(
      clarifyChoices(rules, 'not_delivered', orderFacts(order({ status: 'paid', deliveredAt: null }), NOW)),
    ).toBeNull();
  });

  it('an appeal offers the evidence kinds of the rejected scenario, or "other"', () => {
    expect(appealEvidenceKinds(evidence, 'not_as_described')).toEqual(['listing_screenshot', 'error_screenshot']);
    expect(appealEvidenceKinds(evidence, 'no_reason')).toEqual(['other']);
  });
});
