/** The receiver of the platform's ticket.updated webhook. */
import { beforeEach, describe, expect, it } from 'vitest';
import { signBody } from '../../../adapters/platform/sandbox/index.js';
import { Topic } from '../../../src/core/events.js';
import type { Ticket } from '../../../src/ports/platform.js';
import { createApp } from '../../../src/server/app.js';
import { createMetrics } from '../../../src/server/metrics.js';
import { platformHooksModule } from '../../../src/server/routes/platform-hooks.js';
import { silentLog } from '../../contract/platform.fixture.js';

const SECRET = 'shh';
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
let app: ReturnType<typeof createApp>;

beforeEach(() => {
  published = [];
  const ticketUpdates = new Topic<Ticket>();
  ticketUpdates.subscribe((t) => {
    published.push(t);
  });
  app = createApp({
    log: silentLog,
    metrics: createMetrics({ defaultMetrics: false }),
    version: 'test',
    modules: [platformHooksModule({ secret: SECRET, ticketUpdates, log: silentLog })],
  });
});

const post = (body: string, signature?: string) =>
  app.request('/hooks/platform', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(signature ? { 'x-signature': signature } : {}) },
    body,
  });

describe('POST /hooks/platform', () => {
  it('publishes the ticket of a correctly signed event', async () => {
    const body = JSON.stringify({ event: 'ticket.updated', ticket });
    const res = await post(body, signBody(body, SECRET));
    expect(res.status).toBe(200);
    expect(published).toEqual([ticket]);
  });

  it('401 without a signature', async () => {
    const res = await post(JSON.stringify({ event: 'ticket.updated', ticket }));
    expect(res.status).toBe(401);
    expect(published).toEqual([]);
  });

  it('401 when the body was changed after signing', async () => {
    const body = JSON.stringify({ event: 'ticket.updated', ticket });
    const tampered = body.replace('approved', 'refunded');
    const res = await post(tampered, signBody(body, SECRET));
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_signature');
  });

  it('401 when signed with another secret', async () => {
    const body = JSON.stringify({ event: 'ticket.updated', ticket });
    expect((await post(body, signBody(body, 'other'))).status).toBe(401);
  });

  it('422 on a signed event of the wrong shape, 400 on signed garbage', async () => {
    const wrong = JSON.stringify({ event: 'ticket.deleted', ticket });
    expect((await post(wrong, signBody(wrong, SECRET))).status).toBe(422);
    expect((await post('{oops', signBody('{oops', SECRET))).status).toBe(400);
    expect(published).toEqual([]);
  });
});
