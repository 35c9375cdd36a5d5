/** The sandbox HTTP API refuses bad input with a 4xx naming the problem, never a 500. */
import type { Hono } from 'hono';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  FaultSwitch,
  ORDER_NO_PATTERN,
  openSandboxDb,
  SandboxPlatform,
  sandboxHttpModule,
} from '../../../adapters/platform/sandbox/index.js';
import { createLogger } from '../../../src/core/log.js';
import type { Order } from '../../../src/ports/platform.js';
import { createApp } from '../../../src/server/app.js';
import { createMetrics } from '../../../src/server/metrics.js';
import { ticketInput } from '../../contract/platform.contract.js';

const KEY = 'k';
let app: Hono;
let sandbox: SandboxPlatform;
let order: Order;

function call(
  method: string,
  path: string,
  init: { body?: string; json?: unknown; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { authorization: `Bearer ${KEY}`, ...init.headers };
  let body = init.body;
  if (init.json !== undefined) {
    body = JSON.stringify(init.json);
    headers['content-type'] ??= 'application/json';
  }
  return app.request(`/platform${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
}

async function expectError(res: Response, status: number, code: string, mentions?: string) {
  expect(res.status).toBe(status);
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe(code);
  if (mentions) expect(body.error.message).toContain(mentions);
}

beforeEach(() => {
  sandbox = new SandboxPlatform({ db: openSandboxDb(':memory:') });
  order = sandbox.createOrder({ buyerId: 'b1' });
  app = createApp({
    log: createLogger({ level: 'silent', production: true }),
    metrics: createMetrics({ defaultMetrics: false }),
    version: 'test',
    modules: [sandboxHttpModule({ sandbox, faults: new FaultSwitch(), apiKey: KEY })],
  });
});

describe('sandbox HTTP API: bad input', () => {
  it('401 without an API key', async () => {
    await expectError(await app.request(`/platform/v1/orders/${order.orderNo}`), 401, 'missing_api_key');
  });

  it('401 with a wrong API key', async () => {
    const res = await call('GET', `/v1/orders/${order.orderNo}`, { headers: { authorization: 'Bearer nope' } });
    await expectError(res, 401, 'invalid_api_key');
  });

  it('400 on malformed JSON', async () => {
    const res = await call('POST', `/v1/orders/${order.orderNo}/verify`, {
      body: '{"contact": ',
      headers: { 'content-type': 'application/json' },
    });
    await expectError(res, 400, 'malformed_json');
  });

  it('422 on a wrong type, naming the field', async () => {
    const res = await call('POST', `/v1/orders/${order.orderNo}/verify`, { json: { contact: 42 } });
    await expectError(res, 422, 'invalid_body', 'contact');
  });

  it('422 on an unknown enum value, naming the field', async () => {
    const res = await call('POST', '/v1/tickets', {
      json: { ...ticketInput(order), scenario: 'wants_money' },
      headers: { 'idempotency-key': 'x' },
    });
    await expectError(res, 422, 'invalid_body', 'scenario');
  });

  it('413 on a body over 1 MB', async () => {
    const res = await call('POST', '/v1/sandbox/orders', { json: { contact: 'x'.repeat(1024 * 1024 + 1) } });
    await expectError(res, 413, 'payload_too_large');
  });

  it('415 on a body that is not JSON', async () => {
    const res = await call('POST', `/v1/orders/${order.orderNo}/verify`, {
      body: 'contact=a',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    await expectError(res, 415, 'unsupported_media_type');
  });

  it('404 on an unknown order', async () => {
    await expectError(await call('GET', '/v1/orders/KM20990101000000'), 404, 'order_not_found', 'KM20990101000000');
  });

  it('404 on an unknown ticket', async () => {
    await expectError(await call('GET', '/v1/tickets/TK404'), 404, 'ticket_not_found', 'TK404');
    const res = await call('POST', '/v1/tickets/TK404/appeal', { json: { reason: 'x', evidence: [] } });
    await expectError(res, 404, 'ticket_not_found');
  });

  it('400 when ticket creation has no Idempotency-Key', async () => {
    await expectError(await call('POST', '/v1/tickets', { json: ticketInput(order) }), 400, 'missing_idempotency_key');
  });

  it('422 on unknown fields in a ticket', async () => {
    const res = await call('POST', '/v1/tickets', {
      json: { ...ticketInput(order), refund: 'now' },
      headers: { 'idempotency-key': 'x' },
    });
    await expectError(res, 422, 'invalid_body', 'refund');
  });

  it('422 on an unknown fault mode', async () => {
    await expectError(
      await call('POST', '/v1/sandbox/faults', { json: { mode: 'explode', ms: 10 } }),
      422,
      'invalid_body',
    );
  });

  it('409 when a sandbox order number is taken', async () => {
    await expectError(
      await call('POST', '/v1/sandbox/orders', { json: { orderNo: order.orderNo } }),
      409,
      'order_exists',
    );
  });
});

describe('sandbox HTTP API: behaviour', () => {
  it('creates orders with KM + date + 6 digits numbers', async () => {
    const res = await call('POST', '/v1/sandbox/orders', { json: { amount: 12, product: { kind: 'membership' } } });
    expect(res.status).toBe(201);
    const created = (await res.json()) as Order;
    expect(created.orderNo).toMatch(ORDER_NO_PATTERN);
    expect(created.product.kind).toBe('membership');
    expect(created.charges).toEqual([expect.objectContaining({ amount: 12 })]);
  });

  it('answers 201 for a new ticket and 200 with the same ticket for a repeat', async () => {
    const first = await call('POST', '/v1/tickets', { json: ticketInput(order), headers: { 'idempotency-key': 'a' } });
    const again = await call('POST', '/v1/tickets', { json: ticketInput(order), headers: { 'idempotency-key': 'b' } });
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(await first.json());
  });

  it('never faults the sandbox endpoints, and faults the rest (503 without a socket when down)', async () => {
    await call('POST', '/v1/sandbox/faults', { json: { mode: 'down', ms: 60_000 } });
    expect((await call('POST', '/v1/sandbox/orders', { json: {} })).status).toBe(201);
    await expectError(await call('GET', `/v1/orders/${order.orderNo}`), 503, 'platform_unreachable');
    await call('POST', '/v1/sandbox/faults', { json: { mode: 'error', ms: 60_000 } });
    await expectError(await call('GET', `/v1/orders/${order.orderNo}`), 500, 'internal_error');
    const cleared = await call('POST', '/v1/sandbox/faults', { json: { mode: 'none' } });
    expect(await cleared.json()).toEqual({ mode: 'none' });
    expect((await call('GET', `/v1/orders/${order.orderNo}`)).status).toBe(200);
  });

  it('creates a ticket in any status through the sandbox endpoint', async () => {
    const res = await call('POST', '/v1/sandbox/tickets', {
      json: {
        orderNo: order.orderNo,
        scenario: 'defective',
        status: 'rejected',
        decidedAt: '2026-11-20T08:00:00.000Z',
      },
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({
      status: 'rejected',
      decidedAt: '2026-11-20T08:00:00.000Z',
      decision: { decision: 'reject' },
    });
  });
});
