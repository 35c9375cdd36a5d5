/** What an agent can do: queue, ticket page, decisions, notes, reveal, overview, evidence. */
import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryOwnershipAttempts } from '../../../src/dialog/ownership.js';
import type { BotTicket } from '../../../src/ports/ticket-store.js';
import { Browser, CARD_CODE, type Fixture, makeFixture, PNG, PNG_SHA } from './fixture.js';

let f: Fixture;
let b: Browser;

beforeEach(async () => {
  f = await makeFixture();
  await f.addAgent('agent@example.com', 'agent');
  b = new Browser(f.app);
  await b.signIn('agent@example.com');
});

const more = (i: number, patch: Partial<BotTicket> = {}): BotTicket => ({
  ...f.ticket,
  ticketId: `TK-${100 + i}`,
  orderNo: `KM20261125${String(100000 + i)}`,
  conversationId: `rest:other-${i}`,
  slaDueAt: new Date(Date.parse('2026-11-27T00:00:00.000Z') + i * 3_600_000).toISOString(),
  ...patch,
});

describe('queue', () => {
  it('lists tickets by SLA due time with counts, filters, search and pages', async () => {
    for (let i = 0; i < 30; i++) {
      await f.deps.tickets.upsert(
        more(
          i,
          i % 3 === 0
            ? {
                scenario: 'not_delivered',
                channel: 'telegram',
                status: 'approved',
                assessment: { result: 'eligible', clauseIds: ['RP-03'], reasons: [] },
              }
            : {},
        ),
      );
    }
    const first = await (await b.request('/api/agent/tickets')).json();
    expect(first.total).toBe(31);
    expect(first.pages).toBe(2);
    expect(first.items[0].ticketId).toBe('TK-100');
    const slas = first.items.map((t: BotTicket) => t.slaDueAt);
    expect(slas).toEqual([...slas].sort());
    expect(first.countsByStatus).toMatchObject({ open: 21, approved: 10, rejected: 0 });

    const page2 = await (await b.request('/api/agent/tickets?page=2')).json();
    expect(page2.items).toHaveLength(6);

    const filtered = await (
      await b.request('/api/agent/tickets?scenario=not_delivered&channel=telegram&assessment=eligible&status=approved')
    ).json();
    expect(filtered.total).toBe(10);
    const search = await (await b.request('/api/agent/tickets?q=km-2026 1125 100003')).json();
    expect(search.items.map((t: BotTicket) => t.ticketId)).toEqual(['TK-103']);

    const flagged = await (await b.request('/agent?q=KM20261125000001')).text();
    expect(flagged).toContain('TK-1<');
    expect(flagged).not.toContain('pill handoff');
    const conversation = await f.deps.conversations.get('rest:buyer-1');
    conversation!.handoff = true;
    expect(await (await b.request('/agent?q=KM20261125000001')).text()).toContain('pill handoff');

    const html = await (await b.request('/agent?status=approved')).text();
    expect(html).toContain('TK-103');
    expect(html).not.toContain('TK-101<');
    expect(html).toMatch(/已同意: 10/);
    expect((await b.request('/api/agent/tickets?status=bogus')).status).toBe(422);
  });

  it('speaks English when asked and remembers it', async () => {
    const html = await (await b.request('/agent?lang=en')).text();
    expect(html).toContain('Queue');
    expect(html).toContain('<html lang="en">');
    expect(await (await b.request('/agent')).text()).toContain('Needs review'.toLowerCase());
  });
});

describe('ticket page', () => {
  it('shows order facts, assessment with clause full text, evidence gallery, verified transcript, masked codes', async () => {
    const res = await b.request('/agent/tickets/TK-1');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('游戏点卡 100 元');
    expect(html).toContain('100.00 CNY');
    expect(html).toContain('卡密无效或无法激活的，经供应商核实后补发或退款。');
    expect(html).toContain('data-clause="RP-13"');
    expect(html).toContain(`<img src="/agent/evidence/${PNG_SHA}"`);
    expect(html).toContain(`sha256 ${PNG_SHA}`);
    expect(html).toContain('data-integrity="ok"');
    expect(html).not.toContain(CARD_CODE);
    expect(html).toContain('我的卡密: ••••••');
    expect(html).toContain('/agent/tickets/TK-1/reveal');
  });

  it('shows times in the console time zone (Asia/Shanghai unless configured), not UTC', async () => {
    // paidAt 2026-11-25T10:00Z is 18:00 in Shanghai; the ticket was created 2026-11-26T10:00Z.
    const html = await (await b.request('/agent/tickets/TK-1')).text();
    expect(html).toContain('2026-11-25 18:00:00');
    expect(html).not.toContain('2026-11-25 10:00:00');
    expect(html).toContain('Asia/Shanghai');
    expect(await (await b.request('/agent')).text()).toContain('2026-11-26 18:00');
    f.deps.timeZone = 'Europe/Berlin';
    expect(await (await b.request('/agent/tickets/TK-1')).text()).toContain('2026-11-25 11:00:00');
  });

  it('lists failed ownership checks on the ticket’s order, with the lock they caused', async () => {
    const ownership = new MemoryOwnershipAttempts();
    f.deps.ownership = ownership;
    for (const [i, locked] of [null, null, 'sender'].entries()) {
      await ownership.record({
        orderNo: f.ticket.orderNo,
        sender: 'telegram:666',
        channel: 'telegram',
        conversationId: 'telegram:666',
        at: `2026-11-26T11:0${i}:00.000Z`,
        locked: locked as 'sender' | null,
      });
    }
    const html = await (await b.request('/agent/tickets/TK-1')).text();
    expect(html).toContain('data-ownership-attempts="3"');
    expect(html).toContain('telegram:666');
    expect(html).toContain('此发送者已被锁定');
  });

  it('reveals card codes only on request, and logs the reveal', async () => {
    const html = await (await b.form('/agent/tickets/TK-1/reveal', { _csrf: await b.csrf() })).text();
    expect(html).toContain(CARD_CODE);
    const log = await f.deps.agents.listAudit({ ticketId: 'TK-1', action: 'reveal' });
    expect(log).toHaveLength(1);
    expect(await (await b.request('/agent/tickets/TK-1')).text()).not.toContain(CARD_CODE);
    const api = await (await b.request('/api/agent/tickets/TK-1')).text();
    expect(api).not.toContain(CARD_CODE);
  });

  it('reports a tampered transcript', async () => {
    const entries = await f.deps.transcripts.list('rest:buyer-1');
    (entries[1]!.payload as { text: string }).text = 'changed later';
    const html = await (await b.request('/agent/tickets/TK-1')).text();
    expect(html).toContain('data-integrity="broken"');
    expect(html).toContain('第 2 条');
  });

  it('still opens when the platform is down, saying so', async () => {
    f.platformDown.value = true;
    const res = await b.request('/agent/tickets/TK-1');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('平台暂时无法返回工单信息');
    expect((await b.request('/agent/tickets/nope')).status).toBe(404);
  });

  it('serves evidence bytes with the sniffed type, never as HTML', async () => {
    const res = await b.request(`/agent/evidence/${PNG_SHA}`);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('content-security-policy')).toContain('sandbox');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(PNG);
    expect((await b.request(`/agent/evidence/${'c'.repeat(64)}`)).status).toBe(404);
    expect((await b.request('/agent/evidence/..%2F..%2Fetc%2Fpasswd')).status).toBe(400);
  });
});

describe('decisions', () => {
  it('approve defaults to the full order amount and updates the local status', async () => {
    const res = await b.form('/agent/tickets/TK-1/decision', {
      _csrf: await b.csrf(),
      decision: 'approve',
      amount: '',
      reason: '',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/agent/tickets/TK-1?done=approve');
    expect(f.decisions).toEqual([
      {
        ticketId: 'TK-1',
        input: {
          decision: 'approve',
          amount: 100,
          reason: 'approved (RP-05, RP-13)',
          clauseIds: ['RP-05', 'RP-13'],
          agentId: 'agent@example.com',
        },
      },
    ]);
    expect((await f.deps.tickets.get('TK-1'))?.status).toBe('approved');
    const html = await (await b.request('/agent/tickets/TK-1?done=approve')).text();
    expect(html).toContain('data-status="approved"');
    expect(html).toContain('data-decision="approve"');
    expect(html).not.toContain('id="approve"');
    const again = await b.form('/agent/tickets/TK-1/decision', {
      _csrf: await b.csrf(),
      decision: 'reject',
      reason: 'x',
      clauseIds: 'RP-09',
    });
    expect(again.status).toBe(409);
    expect(f.decisions).toHaveLength(1);
  });

  it('approve refuses more than the order amount', async () => {
    const res = await b.form('/agent/tickets/TK-1/decision', {
      _csrf: await b.csrf(),
      decision: 'approve',
      amount: '100.01',
    });
    expect(res.status).toBe(409);
    expect(f.decisions).toEqual([]);
  });

  it('reject needs a reason and clause ids', async () => {
    const csrf = await b.csrf();
    expect(
      (
        await b.form('/agent/tickets/TK-1/decision', {
          _csrf: csrf,
          decision: 'reject',
          reason: '',
          clauseIds: 'RP-09',
        })
      ).status,
    ).toBe(422);
    expect(
      (await b.form('/agent/tickets/TK-1/decision', { _csrf: csrf, decision: 'reject', reason: 'used', clauseIds: '' }))
        .status,
    ).toBe(422);
    expect(
      (
        await b.form('/agent/tickets/TK-1/decision', {
          _csrf: csrf,
          decision: 'reject',
          reason: 'used',
          clauseIds: 'RP-9',
        })
      ).status,
    ).toBe(422);
    expect(f.decisions).toEqual([]);
    const ok = await b.form('/agent/tickets/TK-1/decision', {
      _csrf: csrf,
      decision: 'reject',
      reason: 'activated before',
      clauseIds: 'rp-09，LAW-CPL-25',
    });
    expect(ok.status).toBe(303);
    expect(f.decisions[0]?.input).toMatchObject({
      decision: 'reject',
      reason: 'activated before',
      clauseIds: ['RP-09', 'LAW-CPL-25'],
    });
    expect((await f.deps.tickets.get('TK-1'))?.status).toBe('rejected');
  });

  it('request evidence through the JSON API', async () => {
    const res = await b.request('/api/agent/tickets/TK-1/decision', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': await b.csrf() },
      body: JSON.stringify({ decision: 'request_evidence', reason: 'a screenshot of the activation error' }),
    });
    expect(res.status).toBe(200);
    expect(f.decisions[0]?.input).toMatchObject({ decision: 'request_evidence', clauseIds: ['RP-10'] });
    expect((await f.deps.tickets.get('TK-1'))?.status).toBe('awaiting_evidence');
  });

  it('a platform failure is shown and changes nothing locally', async () => {
    f.platformDown.value = true;
    const res = await b.form('/agent/tickets/TK-1/decision', { _csrf: await b.csrf(), decision: 'approve' });
    expect(res.status).toBe(502);
    expect(await res.text()).toContain('platform down');
    expect((await f.deps.tickets.get('TK-1'))?.status).toBe('open');
  });
});

describe('notes and overview', () => {
  it('keeps agent notes on the ticket', async () => {
    expect(
      (await b.form('/agent/tickets/TK-1/notes', { _csrf: await b.csrf(), text: '供应商已确认卡密无效' })).status,
    ).toBe(303);
    expect(await (await b.request('/agent/tickets/TK-1')).text()).toContain('供应商已确认卡密无效');
    expect((await b.form('/agent/tickets/TK-1/notes', { _csrf: await b.csrf(), text: '  ' })).status).toBe(422);
  });

  it('counts tickets per scenario and day, the self-served share and the median time to decision', async () => {
    await f.deps.tickets.upsert(more(1, { scenario: 'not_delivered', createdAt: '2026-11-25T08:00:00.000Z' }));
    await f.deps.tickets.upsert(more(2, { scenario: 'not_delivered', createdAt: '2026-11-01T08:00:00.000Z' }));
    await b.form('/agent/tickets/TK-1/decision', { _csrf: await b.csrf(), decision: 'approve' });
    const o = await (await b.request('/api/agent/overview')).json();
    expect(o.tickets).toBe(3);
    expect(o.perScenario).toEqual([
      { scenario: 'not_delivered', count: 2 },
      { scenario: 'defective', count: 1 },
    ]);
    expect(o.perDay).toHaveLength(14);
    expect(o.perDay.at(-1)).toEqual({ day: '2026-11-26', count: 1 });
    expect(o.perDay.at(-2)).toEqual({ day: '2026-11-25', count: 1 });
    // Only rest:buyer-1 is known to the conversation store (handoff false); 4 conversations in all.
    expect(o.selfServed).toEqual({ count: 1, share: 0.25 });
    expect(o.medianDecisionHours).toBe(2);
    const html = await (await b.request('/agent/overview')).text();
    expect(html).toContain('<svg');
    expect(html).toContain('25.0%');
    expect(html).toContain('2.0 小时');
  });
});
