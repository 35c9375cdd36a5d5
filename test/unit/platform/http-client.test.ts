/** The HTTP client against the sandbox over a real socket: timeouts, retries, idempotency across retries. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHttpPlatform } from '../../../adapters/platform/http-client.js';
import {
  FaultSwitch,
  openSandboxDb,
  SandboxPlatform,
  sandboxHttpModule,
} from '../../../adapters/platform/sandbox/index.js';
import { type Order, PlatformError } from '../../../src/ports/platform.js';
import { createApp } from '../../../src/server/app.js';
import { listen, type RunningServer } from '../../../src/server/listen.js';
import { createMetrics } from '../../../src/server/metrics.js';
import { ticketInput } from '../../contract/platform.contract.js';
import { API_KEY, silentLog } from '../../contract/platform.fixture.js';

let server: RunningServer;
let sandbox: SandboxPlatform;
let faults: FaultSwitch;
let order: Order;
let requests: { method: string; url: string; key: string | null }[];

/** Real fetch, recorded; `failFirst` attempts fail like a dropped connection before reaching the server. */
function recordingFetch(options: { failFirst?: number; loseResponseOfFirst?: number } = {}): typeof fetch {
  let n = 0;
  return async (input, init) => {
    n++;
    requests.push({
      method: init?.method ?? 'GET',
      url: String(input),
      key: new Headers(init?.headers).get('idempotency-key'),
    });
    if (n <= (options.failFirst ?? 0)) throw new TypeError('fetch failed', { cause: new Error('ECONNRESET') });
    const res = await fetch(input, init);
    if (n <= (options.loseResponseOfFirst ?? 0))
      throw new TypeError('fetch failed', { cause: new Error('socket hang up') });
    return res;
  };
}

function client(options: { retries?: number; timeoutMs?: number; fetch?: typeof fetch } = {}) {
  return createHttpPlatform({
    baseUrl: `${server.url}/platform/`,
    apiKey: API_KEY,
    timeoutMs: options.timeoutMs ?? 5000,
    retries: options.retries ?? 2,
    backoffMs: 5,
    fetch: options.fetch ?? recordingFetch(),
  });
}

beforeEach(async () => {
  requests = [];
  sandbox = new SandboxPlatform({ db: openSandboxDb(':memory:') });
  faults = new FaultSwitch();
  order = sandbox.createOrder({ buyerId: 'b1' });
  const app = createApp({
    log: silentLog,
    metrics: createMetrics({ defaultMetrics: false }),
    version: 'test',
    modules: [sandboxHttpModule({ sandbox, faults, apiKey: API_KEY })],
  });
  server = await listen(app, { port: 0, host: '127.0.0.1' });
});
afterEach(async () => {
  await server.close(100);
});

describe('HTTP platform client', () => {
  it('gives up after the timeout on each attempt (slow fault) with a retryable error', async () => {
    faults.set({ mode: 'slow', ms: 60_000, delayMs: 2000 });
    const err = await client({ retries: 1, timeoutMs: 150 })
      .getOrder(order.orderNo)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PlatformError);
    expect(err).toMatchObject({ status: 0, code: 'timeout', retryable: true });
    expect(requests).toHaveLength(2);
  });

  it('retries 5xx (error fault) as often as configured, then fails with the status', async () => {
    faults.set({ mode: 'error', ms: 60_000 });
    const err = await client({ retries: 3 })
      .getOrder(order.orderNo)
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 500, code: 'internal_error' });
    expect(requests).toHaveLength(4);
  });

  it('retries when the connection is cut (down fault), then fails with status 0', async () => {
    faults.set({ mode: 'down', ms: 60_000 });
    const err = await client({ retries: 2 })
      .getOrder(order.orderNo)
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 0, code: 'network_error', retryable: true });
    expect(requests).toHaveLength(3);
  });

  it('recovers when a network error goes away within the retries', async () => {
    const got = await client({ retries: 2, fetch: recordingFetch({ failFirst: 2 }) }).getOrder(order.orderNo);
    expect(got).toEqual(order);
    expect(requests).toHaveLength(3);
  });

  it('never retries a 4xx', async () => {
    const err = await client({ retries: 3 })
      .createTicket(ticketInput(order, { buyerId: 'intruder' }), 'k1')
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 403, code: 'not_order_owner', retryable: false });
    expect(requests).toHaveLength(1);
  });

  it('sends the same Idempotency-Key on every retry, so a lost response opens one ticket', async () => {
    const created = await client({ retries: 2, fetch: recordingFetch({ loseResponseOfFirst: 1 }) }).createTicket(
      ticketInput(order),
      'key-42',
    );
    expect(requests.map((r) => r.key)).toEqual(['key-42', 'key-42']);
    expect(sandbox.listTickets({ orderNo: order.orderNo }).map((t) => t.ticketId)).toEqual([created.ticketId]);
  });

  it.each([
    ['decision', 'decide'],
    ['appeal', 'appeal'],
    ['evidence', 'addEvidence'],
  ] as const)(
    'retries a %s whose answer was lost with the same Idempotency-Key, and gets the first answer',
    async (_name, method) => {
      const { ticketId } = sandbox.createTicket(ticketInput(order), 'k-open').body;
      if (method === 'appeal')
        sandbox.decide(ticketId, { decision: 'reject', reason: 'no', clauseIds: [], agentId: 'a' });
      const lossy = client({ retries: 2, fetch: recordingFetch({ loseResponseOfFirst: 1 }) });
      const evidence = ticketInput(order).evidence;
      const ticket =
        method === 'decide'
          ? await lossy.decide(ticketId, { decision: 'approve', reason: 'ok', clauseIds: [], agentId: 'a' })
          : method === 'appeal'
            ? await lossy.appeal(ticketId, { reason: 'new facts', evidence: [] })
            : await lossy.addEvidence(ticketId, { evidence });
      const keys = requests.map((r) => r.key);
      expect(keys).toHaveLength(2);
      expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
      expect(keys[1]).toBe(keys[0]);
      // Without the key the retry would have failed (already decided / appealed) or added the evidence twice.
      expect(ticket.status).toBe(method === 'decide' ? 'approved' : method === 'appeal' ? 'appealed' : 'open');
      expect(sandbox.getTicket(ticketId)?.evidence).toHaveLength(
        method === 'addEvidence' ? 2 * evidence.length : evidence.length,
      );
    },
  );

  it('turns 404 into null for orders and tickets', async () => {
    expect(await client().getOrder('KM20990101000000')).toBeNull();
    expect(await client().getTicket('TK404')).toBeNull();
  });

  it('rejects a response that does not match the schema', async () => {
    const liar: typeof fetch = async () => Response.json({ orderNo: 'KM1', amount: 'lots' });
    const err = await client({ fetch: liar })
      .getOrder('KM1')
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 502, code: 'invalid_response', retryable: false });
  });

  it('reports a wrong API key as a non-retryable 401', async () => {
    const wrongKey = createHttpPlatform({
      baseUrl: `${server.url}/platform`,
      apiKey: 'wrong',
      timeoutMs: 1000,
      retries: 2,
    });
    const err = await wrongKey.getOrder(order.orderNo).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 401, code: 'invalid_api_key', retryable: false });
  });
});
