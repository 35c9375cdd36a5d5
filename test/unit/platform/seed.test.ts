import { describe, expect, it } from 'vitest';
import {
  DEMO_BUYER,
  DEMO_CASES,
  ORDER_NO_PATTERN,
  OTHER_BUYER,
  OTHER_BUYER_ORDER_NO,
  openSandboxDb,
  SandboxPlatform,
  seedSandbox,
} from '../../../adapters/platform/sandbox/index.js';

const NOW = new Date('2026-11-26T12:00:00Z');
const HOUR = 60 * 60 * 1000;

function seeded() {
  const sandbox = new SandboxPlatform({ db: openSandboxDb(':memory:'), now: () => NOW });
  const orders = seedSandbox(sandbox, NOW);
  return { sandbox, orders };
}

describe('sandbox demo data', () => {
  it('gives the demo buyer one order per case, plus another buyer’s order', () => {
    const { sandbox, orders } = seeded();
    expect(orders).toHaveLength(DEMO_CASES.length + 1);
    for (const demo of DEMO_CASES) {
      expect(demo.orderNo).toMatch(ORDER_NO_PATTERN);
      expect(sandbox.getOrder(demo.orderNo)).toMatchObject(DEMO_BUYER);
    }
    expect(sandbox.getOrder(OTHER_BUYER_ORDER_NO)).toMatchObject(OTHER_BUYER);
    expect(sandbox.verifyOwnership(OTHER_BUYER_ORDER_NO, DEMO_BUYER.contact)).toEqual({ ok: false });
  });

  it('seeds only once', () => {
    const { sandbox } = seeded();
    expect(seedSandbox(sandbox, NOW)).toEqual([]);
  });

  it('has the facts each case needs, relative to the seeding time', () => {
    const { sandbox } = seeded();
    const order = (no: string) => sandbox.getOrder(no)!;
    const hoursSincePaid = (no: string) => (NOW.getTime() - Date.parse(order(no).paidAt!)) / HOUR;
    // not delivered: one past its promise, one within it
    expect(order('KM20261118000101').deliveredAt).toBeNull();
    expect(hoursSincePaid('KM20261118000101')).toBeGreaterThan(order('KM20261118000101').product.promiseHours);
    expect(hoursSincePaid('KM20261118000102')).toBeLessThan(order('KM20261118000102').product.promiseHours);
    expect(order('KM20261118000103').charges).toHaveLength(2);
    expect(order('KM20261118000107').product.noReasonDays).toBeGreaterThan(0);
    expect(order('KM20261118000107').activatedAt).toBeNull();
    expect(order('KM20261118000108').activatedAt).toBeTruthy();
    expect(order('KM20261118000115')).toMatchObject({ status: 'pending_payment', paidAt: null, charges: [] });
  });

  it('has a rejected ticket inside the appeal window and one outside it, an approved and a refunded one', () => {
    const { sandbox } = seeded();
    const ticketOf = (no: string) => sandbox.listTickets({ orderNo: no })[0]!;
    const daysSinceDecision = (no: string) => (NOW.getTime() - Date.parse(ticketOf(no).decidedAt!)) / (24 * HOUR);
    expect(ticketOf('KM20261118000110').status).toBe('rejected');
    expect(daysSinceDecision('KM20261118000110')).toBeLessThan(7);
    expect(daysSinceDecision('KM20261118000111')).toBeGreaterThan(7);
    expect(ticketOf('KM20261118000112')).toMatchObject({
      status: 'approved',
      decision: { decision: 'approve', amount: 328 },
    });
    expect(ticketOf('KM20261118000113').status).toBe('open');
    expect(ticketOf('KM20261118000114').status).toBe('refunded');
    expect(() => sandbox.appeal(ticketOf('KM20261118000111').ticketId, { reason: 'late', evidence: [] })).toThrow(
      /appeal window/,
    );
  });
});

describe('README "Demo data"', () => {
  it('lists every seeded order', async () => {
    const { readFile } = await import('node:fs/promises');
    const readme = await readFile(new URL('../../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('## Demo data'));
    for (const orderNo of [...DEMO_CASES.map((c) => c.orderNo), OTHER_BUYER_ORDER_NO]) {
      expect(section).toContain(`\`${orderNo}\``);
    }
  });
});

describe('sandbox order lookup', () => {
  it('finds an order typed in lower case, with spaces or dashes', () => {
    const { sandbox } = seeded();
    expect(sandbox.getOrder('km-20261118 000101')?.orderNo).toBe('KM20261118000101');
    expect(sandbox.verifyOwnership('km20261118-000101', 'DEMO@example.com')).toEqual({
      ok: true,
      buyerId: 'demo-buyer',
    });
  });
});
