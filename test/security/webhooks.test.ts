/**
 * The platform's ticket.updated webhook. It used to reach whatever conversation its payload named
 * (another buyer's ticket was announced to the demo buyer), an old signed payload replayed after the
 * approval turned the local ticket back to `open`, and with two installations on one sandbox one
 * installation's decision was announced in the other's unrelated conversation.
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWebhook } from '../../src/server/webhook-signature.js';
import { callbackSite, decide, json, openTicket, type Product, SANDBOX_AUTH, say, start, until } from './harness.js';

const SECRET_A = 'installation-a-webhook-secret';
const SECRET_B = 'installation-b-webhook-secret';

/** Sits between the sandbox and refund-desk's receiver, keeping a copy of each delivery. */
async function recordingRelay(): Promise<{
  url: string;
  target: { url: string };
  seen: Array<{ body: string; signature: string; status: number }>;
  close(): void;
}> {
  const seen: Array<{ body: string; signature: string; status: number }> = [];
  const target = { url: '' };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => {
      body += d;
    });
    req.on('end', async () => {
      const signature = String(req.headers['x-signature'] ?? '');
      const forwarded = await fetch(target.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-signature': signature },
        body,
      });
      seen.push({ body, signature, status: forwarded.status });
      res.writeHead(forwarded.status).end(await forwarded.text());
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}/relay`, target, seen, close: () => server.close() };
}

let a: Product;
let b: Product;
let siteA: Awaited<ReturnType<typeof callbackSite>>;
let siteB: Awaited<ReturnType<typeof callbackSite>>;
let relay: Awaited<ReturnType<typeof recordingRelay>>;

beforeAll(async () => {
  siteA = await callbackSite();
  siteB = await callbackSite();
  relay = await recordingRelay();
  a = await start({
    LOG_LEVEL: 'silent',
    PLATFORM_WEBHOOK_SECRET: SECRET_A,
    PLATFORM_WEBHOOK_URL: relay.url,
    REST_CALLBACK_URL: siteA.url,
  });
  relay.target.url = `${a.base}/hooks/platform`;
  // Installation B uses A's sandbox as its (remote) platform, as in the reproduction.
  b = await start({
    LOG_LEVEL: 'silent',
    PLATFORM_API_URL: `${a.base}/platform`,
    PLATFORM_API_KEY: 'sandbox',
    ALLOW_SANDBOX_SETTINGS: 'true',
    PLATFORM_WEBHOOK_SECRET: SECRET_B,
    REST_CALLBACK_URL: siteB.url,
    REST_CHANNEL_SECRET: 'site-b-secret',
  });
  const subscribed = await json(
    a.base,
    'POST',
    '/platform/v1/sandbox/webhooks',
    {
      url: `${b.base}/hooks/platform`,
      secret: SECRET_B,
    },
    SANDBOX_AUTH,
  );
  expect(subscribed.status).toBe(201);
}, 180_000);
afterAll(async () => {
  await b?.stop();
  await a?.stop();
  siteA?.close();
  siteB?.close();
  relay?.close();
});

const hook = (base: string, body: string, signature: string) =>
  json(base, 'POST', '/hooks/platform', body, { 'content-type': 'application/json', 'x-signature': signature });
const events = async (p: Product, conversationId: string) =>
  (await p.started.runtime.storage.transcripts.list(conversationId))
    .map((e) => e.payload as { event?: string; ticketId?: string })
    .filter((e) => e?.event === 'ticket_updated');

describe('platform webhooks', () => {
  it('a signed update for another buyer’s ticket, naming my conversation, is not applied there', async () => {
    await say(a.base, 'demo-buyer', '你好');
    const foreign = await json<{ ticketId: string } & Record<string, unknown>>(
      a.base,
      'POST',
      '/platform/v1/sandbox/tickets',
      {
        orderNo: 'KM20261118000201',
        scenario: 'not_delivered',
        status: 'rejected',
      },
      SANDBOX_AUTH,
    );
    const ticket = { ...foreign.body, transcript: { conversationId: 'rest:demo-buyer', headHash: 'a'.repeat(64) } };
    const body = JSON.stringify({ event: 'ticket.updated', id: 'forged-1', ticket });
    const res = await hook(a.base, body, signWebhook(body, SECRET_A));
    expect(res.status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(await events(a, 'rest:demo-buyer')).toEqual([]);
    expect(siteA.pushed.filter((m) => (m as { recipient_id?: string }).recipient_id === 'demo-buyer')).toEqual([]);
  });

  it('refuses unsigned, timestamp-less, stale and replayed deliveries; an old state never turns a ticket back', async () => {
    const { ticketId } = await openTicket(a.base, 'buyer-replay');
    await until(() => relay.seen.some((d) => d.body.includes(ticketId)));
    const opened = relay.seen.find((d) => d.body.includes(ticketId) && d.body.includes('"status":"open"'))!;
    await decide(a.base, ticketId, 'approve');
    await until(async () => (await a.started.runtime.storage.tickets.get(ticketId))?.status === 'approved');

    expect((await hook(a.base, opened.body, '')).status).toBe(401);
    const bare = `sha256=${opened.signature.split('v1=')[1]}`;
    expect((await hook(a.base, opened.body, bare)).status).toBe(401);
    // The recorded delivery replayed as it was: its event id was applied already.
    expect((await hook(a.base, opened.body, opened.signature)).status).toBe(409);
    // Replayed after the tolerance window: its signed timestamp is refused.
    const old = signWebhook(opened.body, SECRET_A, new Date(Date.now() - 10 * 60_000));
    expect((await hook(a.base, opened.body, old)).status).toBe(401);
    // A late delivery of the old state under a new id (the platform retrying): applied from the
    // platform's current state, so the ticket stays approved.
    const late = opened.body.replace(/"id":"[^"]+"/, '"id":"late-delivery"');
    expect((await hook(a.base, late, signWebhook(late, SECRET_A))).status).toBe(200);
    expect((await a.started.runtime.storage.tickets.get(ticketId))?.status).toBe('approved');
  });

  it('with two installations on one sandbox, each buyer hears about their own ticket only', async () => {
    const sender = 'twin-buyer';
    await say(a.base, sender, '你好'); // the same sender name at installation A
    const { ticketId } = await openTicket(b.base, sender, {
      platformBase: a.base,
      headers: { authorization: 'Bearer site-b-secret' },
    });
    await decide(a.base, ticketId, 'reject', '核实已发货');
    await until(() => siteB.pushed.some((m) => m.text.includes('核实已发货')));
    expect((await b.started.runtime.storage.tickets.get(ticketId))?.status).toBe('rejected');
    expect(siteA.pushed.some((m) => m.text.includes('核实已发货'))).toBe(false);
    expect(await events(a, `rest:${sender}`)).toEqual([]);
  });
});
