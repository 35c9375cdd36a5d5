/** What every implementation of the Platform port must do (SPEC §7). Run from platform.test.ts. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { slaDueAt } from '../../adapters/platform/sandbox/index.js';
import { type DecisionInput, type Order, PlatformError, type TicketCreate } from '../../src/ports/platform.js';
import type { PlatformFixture } from './platform.fixture.js';

const HASH = 'a'.repeat(64);
const DAY = 24 * 60 * 60 * 1000;

export function ticketInput(order: Order, overrides: Partial<TicketCreate> = {}): TicketCreate {
  return {
    orderNo: order.orderNo,
    buyerId: order.buyerId,
    channel: 'webchat',
    scenario: 'defective',
    assessment: { result: 'needs_review', clauseIds: ['RP-05'], reasons: ['the code does not activate'] },
    claims: ['卡密提示无效'],
    evidence: [{ kind: 'error_screenshot', sha256: 'b'.repeat(64), mime: 'image/png', bytes: 2048 }],
    transcript: { conversationId: 'conv-1', headHash: HASH },
    ...overrides,
  };
}

async function rejects(promise: Promise<unknown>, status: number, code: string): Promise<void> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PlatformError);
  expect(err).toMatchObject({ status, code });
}

export function platformContract(name: string, makeFixture: () => Promise<PlatformFixture>): void {
  describe(`Platform contract: ${name}`, () => {
    let f: PlatformFixture;
    let order: Order;

    beforeEach(async () => {
      f = await makeFixture();
      order = f.sandbox.createOrder({ buyerId: 'buyer-1', contact: 'Buyer.One@Example.com', amount: 88 });
    });
    afterEach(async () => {
      await f.close();
      expect(f.problems()).toEqual([]);
    });

    describe('orders', () => {
      it('returns an order with every field of §7', async () => {
        const got = await f.platform.getOrder(order.orderNo);
        expect(got).toEqual(order);
        expect(got?.orderNo).toMatch(/^KM\d{14}$/);
      });

      it('answers null for an unknown order', async () => {
        expect(await f.platform.getOrder('KM20990101000000')).toBeNull();
      });

      it('verifies ownership by the checkout contact, ignoring case and spaces', async () => {
        expect(await f.platform.verifyOwnership(order.orderNo, ' buyer.one@example.com ')).toEqual({
          ok: true,
          buyerId: 'buyer-1',
        });
      });

      it('answers a wrong contact and an unknown order alike, without a buyer id', async () => {
        const wrong = await f.platform.verifyOwnership(order.orderNo, 'someone@example.com');
        const unknown = await f.platform.verifyOwnership('KM20990101000000', 'buyer.one@example.com');
        expect(wrong).toEqual({ ok: false });
        expect(unknown).toEqual({ ok: false });
      });
    });

    describe('tickets', () => {
      it('opens a ticket due 3 working days later and returns it with every field', async () => {
        const created = await f.platform.createTicket(ticketInput(order), 'key-1');
        expect(created.status).toBe('open');
        const ticket = await f.platform.getTicket(created.ticketId);
        expect(ticket).toMatchObject({ ...ticketInput(order), ticketId: created.ticketId, status: 'open' });
        expect(ticket?.slaDueAt).toBe(slaDueAt(new Date(ticket!.createdAt)).toISOString());
        expect(created.slaDueAt).toBe(ticket?.slaDueAt);
      });

      it('returns the open ticket for a repeat on the same order and scenario', async () => {
        const first = await f.platform.createTicket(ticketInput(order), 'key-1');
        const repeat = await f.platform.createTicket(ticketInput(order, { claims: ['again'] }), 'key-2');
        const other = await f.platform.createTicket(ticketInput(order, { scenario: 'wrong_item' }), 'key-3');
        expect(repeat.ticketId).toBe(first.ticketId);
        expect(other.ticketId).not.toBe(first.ticketId);
        expect(await f.platform.listTickets({ orderNo: order.orderNo })).toHaveLength(2);
      });

      it('opens a new ticket once the previous one for that scenario is decided', async () => {
        const first = await f.platform.createTicket(ticketInput(order), 'key-1');
        await f.platform.decide(first.ticketId, {
          decision: 'reject',
          reason: 'no',
          clauseIds: ['RP-09'],
          agentId: 'a1',
        });
        const second = await f.platform.createTicket(ticketInput(order), 'key-2');
        expect(second.ticketId).not.toBe(first.ticketId);
      });

      it('honours the idempotency key: same body, same answer; different body, 409', async () => {
        const first = await f.platform.createTicket(ticketInput(order), 'key-1');
        expect(await f.platform.createTicket(ticketInput(order), 'key-1')).toEqual(first);
        await rejects(
          f.platform.createTicket(ticketInput(order, { scenario: 'wrong_item' }), 'key-1'),
          409,
          'idempotency_key_reused',
        );
      });

      it('refuses a ticket for someone else’s order or an unknown order', async () => {
        await rejects(
          f.platform.createTicket(ticketInput(order, { buyerId: 'intruder' }), 'k1'),
          403,
          'not_order_owner',
        );
        await rejects(
          f.platform.createTicket(ticketInput(order, { orderNo: 'KM20990101000000' }), 'k2'),
          404,
          'order_not_found',
        );
      });

      it('lists tickets by buyer and by order', async () => {
        const mine = await f.platform.createTicket(ticketInput(order), 'k1');
        const other = f.sandbox.createOrder({ buyerId: 'buyer-2' });
        await f.platform.createTicket(ticketInput(other), 'k2');
        const byBuyer = await f.platform.listTickets({ buyerId: 'buyer-1' });
        expect(byBuyer.map((t) => t.ticketId)).toEqual([mine.ticketId]);
        expect((await f.platform.listTickets({ orderNo: other.orderNo }))[0]?.buyerId).toBe('buyer-2');
        expect(await f.platform.listTickets({ buyerId: 'nobody' })).toEqual([]);
      });

      it('answers null for an unknown ticket and 404 when acting on one', async () => {
        expect(await f.platform.getTicket('TK-missing')).toBeNull();
        await rejects(
          f.platform.decide('TK-missing', { decision: 'approve', reason: 'ok', clauseIds: [], agentId: 'a1' }),
          404,
          'ticket_not_found',
        );
      });
    });

    describe('decisions', () => {
      it('approves with the order amount by default and records the decision', async () => {
        const { ticketId } = await f.platform.createTicket(ticketInput(order), 'k1');
        const ticket = await f.platform.decide(ticketId, {
          decision: 'approve',
          reason: '卡密已核实无效',
          clauseIds: ['RP-05'],
          agentId: 'agent-7',
        });
        expect(ticket.status).toBe('approved');
        expect(ticket.decision).toMatchObject({
          decision: 'approve',
          amount: 88,
          agentId: 'agent-7',
          clauseIds: ['RP-05'],
        });
        expect(ticket.decidedAt).toBe(ticket.decision?.at);
      });

      it('rejects, and asks for evidence', async () => {
        const a = await f.platform.createTicket(ticketInput(order), 'k1');
        const b = await f.platform.createTicket(ticketInput(order, { scenario: 'wrong_item' }), 'k2');
        const rejected = await f.platform.decide(a.ticketId, {
          decision: 'reject',
          reason: 'used',
          clauseIds: ['RP-09'],
          agentId: 'a',
        });
        expect(rejected).toMatchObject({ status: 'rejected', decision: { decision: 'reject' } });
        expect(rejected.decidedAt).toBeDefined();
        const asked = await f.platform.decide(b.ticketId, {
          decision: 'request_evidence',
          reason: 'screenshot please',
          clauseIds: ['RP-10'],
          agentId: 'a',
        });
        expect(asked.status).toBe('awaiting_evidence');
        expect(asked.decidedAt).toBeUndefined();
      });

      it('refuses to decide a ticket that is already decided', async () => {
        const { ticketId } = await f.platform.createTicket(ticketInput(order), 'k1');
        await f.platform.decide(ticketId, { decision: 'approve', reason: 'ok', clauseIds: [], agentId: 'a' });
        await rejects(
          f.platform.decide(ticketId, { decision: 'reject', reason: 'no', clauseIds: [], agentId: 'a' }),
          409,
          'ticket_already_decided',
        );
      });
    });

    describe('appeals', () => {
      const appeal = {
        reason: '我有新的截图',
        evidence: [{ kind: 'other' as const, sha256: 'c'.repeat(64), mime: 'image/jpeg', bytes: 10 }],
      };

      it('accepts an appeal within 7 days of the rejection', async () => {
        const rejected = f.sandbox.createTicketAs({
          orderNo: order.orderNo,
          scenario: 'defective',
          status: 'rejected',
          decidedAt: new Date(Date.now() - 6 * DAY).toISOString(),
        });
        const ticket = await f.platform.appeal(rejected.ticketId, appeal);
        expect(ticket.status).toBe('appealed');
        expect(ticket.appeal).toMatchObject(appeal);
        expect(Date.parse(ticket.appeal!.at)).toBeGreaterThan(Date.parse(rejected.decidedAt!));
      });

      it('refuses an appeal after 7 days, on a ticket that is not rejected, and a second time', async () => {
        const late = f.sandbox.createTicketAs({
          orderNo: order.orderNo,
          scenario: 'defective',
          status: 'rejected',
          decidedAt: new Date(Date.now() - 8 * DAY).toISOString(),
        });
        await rejects(f.platform.appeal(late.ticketId, appeal), 409, 'appeal_window_closed');
        const open = await f.platform.createTicket(ticketInput(order, { scenario: 'wrong_item' }), 'k1');
        await rejects(f.platform.appeal(open.ticketId, appeal), 409, 'ticket_not_rejected');
        const recent = f.sandbox.createTicketAs({ orderNo: order.orderNo, scenario: 'no_reason', status: 'rejected' });
        await f.platform.appeal(recent.ticketId, appeal);
        await rejects(f.platform.appeal(recent.ticketId, appeal), 409, 'already_appealed');
      });
    });

    describe('more evidence', () => {
      const more = {
        evidence: [{ kind: 'error_screenshot' as const, sha256: 'd'.repeat(64), mime: 'image/png', bytes: 99 }],
        note: '补充截图',
      };

      it('appends evidence to a ticket awaiting it and reopens it', async () => {
        const { ticketId } = await f.platform.createTicket(ticketInput(order), 'k1');
        await f.platform.decide(ticketId, {
          decision: 'request_evidence',
          reason: 'more',
          clauseIds: ['RP-10'],
          agentId: 'a',
        });
        const ticket = await f.platform.addEvidence(ticketId, more);
        expect(ticket.status).toBe('open');
        expect(ticket.evidence).toHaveLength(2);
        expect(ticket.evidence[1]).toEqual(more.evidence[0]);
        expect(ticket.claims).toContain('补充截图');
      });

      it('refuses evidence on a decided ticket or an unknown one', async () => {
        const { ticketId } = await f.platform.createTicket(ticketInput(order), 'k1');
        await f.platform.decide(ticketId, { decision: 'approve', reason: 'ok', clauseIds: [], agentId: 'a' });
        await rejects(f.platform.addEvidence(ticketId, more), 409, 'ticket_not_accepting_evidence');
        await rejects(f.platform.addEvidence('TK-missing', more), 404, 'ticket_not_found');
      });
    });

    describe('idempotent writes', () => {
      const approve: DecisionInput = { decision: 'approve', reason: 'ok', clauseIds: [], agentId: 'a' };

      it('a decision repeated with its Idempotency-Key answers the first answer; another body is refused', async () => {
        const { ticketId } = await f.platform.createTicket(ticketInput(order), 'k1');
        const first = await f.platform.decide(ticketId, approve, 'd-1');
        expect(await f.platform.decide(ticketId, approve, 'd-1')).toEqual(first);
        await rejects(
          f.platform.decide(ticketId, { ...approve, reason: 'other' }, 'd-1'),
          409,
          'idempotency_key_reused',
        );
        await rejects(f.platform.decide(ticketId, approve, 'd-2'), 409, 'ticket_already_decided');
      });

      it('appeals and evidence are done once per key', async () => {
        const { ticketId } = await f.platform.createTicket(ticketInput(order), 'k1');
        const more = { evidence: ticketInput(order).evidence };
        await f.platform.addEvidence(ticketId, more, 'e-1');
        await f.platform.addEvidence(ticketId, more, 'e-1');
        expect((await f.platform.getTicket(ticketId))?.evidence).toHaveLength(2 * more.evidence.length);
        await f.platform.decide(ticketId, { ...approve, decision: 'reject', reason: 'no' }, 'd-1');
        const appealed = await f.platform.appeal(ticketId, { reason: 'new facts', evidence: [] }, 'a-1');
        expect(await f.platform.appeal(ticketId, { reason: 'new facts', evidence: [] }, 'a-1')).toEqual(appealed);
      });
    });

    describe('webhook', () => {
      it('tells refund-desk about every change, signed', async () => {
        const { ticketId } = await f.platform.createTicket(ticketInput(order), 'k1');
        await f.platform.createTicket(ticketInput(order), 'k1');
        await f.platform.decide(ticketId, {
          decision: 'request_evidence',
          reason: 'more',
          clauseIds: [],
          agentId: 'a',
        });
        await f.platform.addEvidence(ticketId, { evidence: ticketInput(order).evidence });
        await f.platform.decide(ticketId, { decision: 'reject', reason: 'no', clauseIds: ['RP-09'], agentId: 'a' });
        await f.platform.appeal(ticketId, { reason: 'new facts', evidence: [] });
        const statuses = (await f.delivered()).map((t) => t.status);
        expect(statuses.sort()).toEqual(['appealed', 'awaiting_evidence', 'open', 'open', 'rejected']);
      });
    });

    describe('faults', () => {
      it('is unreachable while down and recovers when cleared', async () => {
        f.faults.set({ mode: 'down', ms: 60_000 });
        await rejects(f.platform.getOrder(order.orderNo), 0, expect.any(String) as unknown as string);
        f.faults.set({ mode: 'none' });
        expect(await f.platform.getOrder(order.orderNo)).toEqual(order);
      });

      it('fails with a retryable 500 in error mode', async () => {
        f.faults.set({ mode: 'error', ms: 60_000 });
        const err = await f.platform.getOrder(order.orderNo).catch((e: unknown) => e);
        expect(err).toMatchObject({ status: 500, retryable: true });
      });

      it('still answers, late, in slow mode', async () => {
        f.faults.set({ mode: 'slow', ms: 60_000, delayMs: 50 });
        expect(await f.platform.getOrder(order.orderNo)).toEqual(order);
      });
    });
  });
}
