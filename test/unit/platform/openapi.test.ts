/** The OpenAPI document covers SPEC §7, and the checker used by the contract suite does catch mismatches. */
import { describe, expect, it } from 'vitest';
import { openSandboxDb, SandboxPlatform } from '../../../adapters/platform/sandbox/index.js';
import { loadOpenApi } from '../../contract/openapi.js';

const openapi = loadOpenApi();
const doc = openapi.document as {
  openapi: string;
  paths: Record<string, Record<string, unknown>>;
  webhooks: Record<string, unknown>;
  components: { securitySchemes: Record<string, { scheme?: string }> };
};

describe('openapi/platform.yaml', () => {
  it('is OpenAPI 3.1 with Bearer auth, every §7 endpoint and the webhook', () => {
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(doc.components.securitySchemes.bearerAuth?.scheme).toBe('bearer');
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(operations.sort()).toEqual(
      [
        'GET /v1/orders/{orderNo}',
        'POST /v1/orders/{orderNo}/verify',
        'POST /v1/tickets',
        'GET /v1/tickets',
        'GET /v1/tickets/{ticketId}',
        'POST /v1/tickets/{ticketId}/decision',
        'POST /v1/tickets/{ticketId}/appeal',
        'POST /v1/tickets/{ticketId}/evidence',
        'POST /v1/sandbox/orders',
        'POST /v1/sandbox/tickets',
        'POST /v1/sandbox/webhooks',
        'POST /v1/sandbox/faults',
      ].sort(),
    );
    expect(Object.keys(doc.webhooks)).toEqual(['ticketUpdated']);
  });

  it('accepts a sandbox order and rejects a broken one', () => {
    const order = new SandboxPlatform({ db: openSandboxDb(':memory:') }).createOrder({});
    expect(openapi.check('GET', `/v1/orders/${order.orderNo}`, 200, order)).toEqual([]);
    const { currency: _dropped, ...withoutCurrency } = order;
    expect(openapi.check('GET', `/v1/orders/${order.orderNo}`, 200, withoutCurrency).join()).toContain('currency');
    expect(openapi.check('GET', `/v1/orders/${order.orderNo}`, 200, { ...order, status: 'lost' })).not.toEqual([]);
  });

  it('checks error bodies and refuses undocumented statuses and paths', () => {
    expect(openapi.check('GET', '/v1/tickets/T1', 404, { error: { code: 'ticket_not_found', message: 'no' } })).toEqual(
      [],
    );
    expect(openapi.check('GET', '/v1/tickets/T1', 404, { message: 'no' })).not.toEqual([]);
    expect(openapi.check('GET', '/v1/tickets/T1', 418, {})).not.toEqual([]);
    expect(openapi.check('GET', '/v2/anything', 200, {})).not.toEqual([]);
  });
});
