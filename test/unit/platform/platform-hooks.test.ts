/** The receiver of the platform's ticket.updated webhook: authentic, fresh, once. */
import { beforeEach, describe, expect, it } from 'vitest';
import { Topic } from '../../../src/core/events.js';
import type { Ticket } from '../../../src/ports/platform.js';
import { createApp } from '../../../src/server/app.js';
import { createMetrics } from '../../../src/server/metrics.js';
import { platformHooksModule } from '../../../src/server/routes/platform-hooks.js';
import { signWebhook } from '../../../src/server/webhook-signature.js';
import { silentLog } from '../../contract/platform.fixture.js';

const SECRET = 'shh';
const NOW = new Date('2026-11-26T12:00:00Z');
const ticket: Ticket = {
  orderNo: 'KM20261118000101',
  buyerId: 'demo-buyer',
  channel: 'telegram',
  scenario: 'not_delivered',
  assessment: { result: 'eligible', clauseIds: ['RP-03'], reasons: [] },
  claims: [],
  evidence: [],
  transcript: { conversationId: 'c1', headHash: 'e'.repeat(64) },
  ticketId: 'TK1',
  status: 'approved',
  createdAt: '2026-11-20T00:00:00.000Z',
  slaDueAt: '2026-11-25T00:00:00.000Z',
};

let published: Ticket[];
let failing: boolean;
let app: ReturnType<typeof createApp>;

beforeEach(() => {
  published = [];
  failing = false;
  const ticketUpdates = new Topic<Ticket>();
  ticketUpdates.subscribe((t) => {
    if (failing) throw new Error('platform down');
    published.push(t);
  });
  app = createApp({
    log: silentLog,
    metrics: createMetrics({ defaultMetrics: false }),
    version: 'test',
    modules: [
      platformHooksModule({ secret: SECRET, ticketUpdates, log: silentLog, toleranceSeconds: 300, now: () => NOW }),
    ],
  });
});

const event = (id = 'ev-1', t: Ticket = ticket) => JSON.stringify({ event: 'ticket.updated', id, ticket: t });
const post = (body: string, signature?: string) =>
  app.request('/hooks/platform', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(signature ? { 'x-signature': signature } : {}) },
    body,
  });
const code = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

describe('POST /hooks/platform', () => {
  it('publishes the ticket of a correctly signed, fresh event', async () => {
    const body = event();
    const res = await post(body, signWebhook(body, SECRET, NOW));
    expect(res.status).toBe(200);
    expect(published).toEqual([ticket]);
  });

  it('401 without a signature, or with the old timestamp-less one', async () => {
    const body = event();
    expect((await post(body)).status).toBe(401);
    const old = `sha256=${signWebhook(body, SECRET, NOW).split('v1=')[1]}`;
    expect((await post(body, old)).status).toBe(401);
    expect(published).toEqual([]);
  });

  it('401 when the body or the timestamp was changed after signing', async () => {
    const body = event();
    const signature = signWebhook(body, SECRET, NOW);
    const res = await post(body.replace('approved', 'refunded'), signature);
    expect(res.status).toBe(401);
    expect(await code(res)).toBe('invalid_signature');
    const moved = signature.replace(/^t=(\d+)/, (_m, t: string) => `t=${Number(t) + 60}`);
    expect((await post(body, moved)).status).toBe(401);
  });

  it('401 when signed with another secret', async () => {
    const body = event();
    expect((await post(body, signWebhook(body, 'other', NOW))).status).toBe(401);
  });

  it('refuses a delivery signed outside the tolerance window (an old payload replayed later)', async () => {
    const body = event();
    const old = await post(body, signWebhook(body, SECRET, new Date(NOW.getTime() - 301_000)));
    expect(old.status).toBe(401);
    expect(await code(old)).toBe('stale_signature');
    expect((await post(body, signWebhook(body, SECRET, new Date(NOW.getTime() + 301_000)))).status).toBe(401);
    expect(published).toEqual([]);
  });

  it('accepts an event id once: a replay within the window is refused (409)', async () => {
    const body = event('ev-7');
    expect((await post(body, signWebhook(body, SECRET, NOW))).status).toBe(200);
    const again = await post(body, signWebhook(body, SECRET, NOW));
    expect(again.status).toBe(409);
    expect(await code(again)).toBe('replayed');
    expect(published).toHaveLength(1);
  });

  it('503 when the update could not be applied, and the retry of that event is still accepted', async () => {
    const body = event('ev-9');
    failing = true;
    expect((await post(body, signWebhook(body, SECRET, NOW))).status).toBe(503);
    failing = false;
    expect((await post(body, signWebhook(body, SECRET, NOW))).status).toBe(200);
    expect(published).toHaveLength(1);
  });

  it('422 on a signed event of the wrong shape (no id, other event), 400 on signed garbage', async () => {
    const noId = JSON.stringify({ event: 'ticket.updated', ticket });
    expect((await post(noId, signWebhook(noId, SECRET, NOW))).status).toBe(422);
    const wrong = JSON.stringify({ event: 'ticket.deleted', id: 'x', ticket });
    expect((await post(wrong, signWebhook(wrong, SECRET, NOW))).status).toBe(422);
    expect((await post('{oops', signWebhook('{oops', SECRET, NOW))).status).toBe(400);
    expect(published).toEqual([]);
  });
});
