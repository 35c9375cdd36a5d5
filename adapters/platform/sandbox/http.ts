/** The sandbox platform's HTTP API, mounted at /platform (so its orders are at /platform/v1/orders/{orderNo}). */

import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { z } from 'zod';
import {
  AppealInput,
  DecisionInput,
  EvidenceAddInput,
  PlatformError,
  TicketCreate,
} from '../../../src/ports/platform.js';
import type { HttpModule } from '../../../src/server/app.js';
import { readJson } from '../../../src/server/body.js';
import { ApiError } from '../../../src/server/errors.js';
import { FaultRequest, type FaultSwitch, sleep } from './faults.js';
import type { SandboxPlatform } from './sandbox.js';
import { SandboxOrderInput, SandboxTicketInput } from './schemas.js';
import type { WebhookSender } from './webhook.js';

export const SANDBOX_BASE_PATH = '/platform';

const VerifyBody = z.object({ contact: z.string().min(1).max(200) }).strict();
const IdempotencyKey = z.string().min(1).max(200);
const TicketListQuery = z.object({
  buyerId: z.string().min(1).max(128).optional(),
  orderNo: z.string().min(1).max(64).optional(),
});

const WebhookSubscription = z.object({ url: z.string().url().max(2000), secret: z.string().min(16).max(200) }).strict();

/** Writes other than ticket creation may carry an Idempotency-Key; when they do, it is honoured. */
function optionalKey(c: Context): string | undefined {
  const header = c.req.header('idempotency-key');
  if (header === undefined) return undefined;
  const key = IdempotencyKey.safeParse(header);
  if (!key.success) throw new ApiError(400, 'invalid_idempotency_key', 'Idempotency-Key must be 1–200 characters');
  return key.data;
}

export function sandboxHttpModule(options: {
  sandbox: SandboxPlatform;
  faults: FaultSwitch;
  apiKey: string;
  /** Lets another installation subscribe to the webhooks (`POST /v1/sandbox/webhooks`). */
  webhooks?: Pick<WebhookSender, 'subscribe'>;
}): HttpModule {
  const { sandbox, faults } = options;
  const api = new Hono();

  api.use(bearerAuth(options.apiKey));
  api.use('/v1/*', async (c, next) => {
    if (c.req.path.startsWith(`${SANDBOX_BASE_PATH}/v1/sandbox/`)) return next();
    const fault = faults.current();
    if (fault.mode === 'down') return dropConnection(c);
    if (fault.mode === 'error')
      throw new ApiError(500, 'internal_error', 'the sandbox platform failed (injected fault)');
    if (fault.mode === 'slow') await sleep(fault.delayMs);
    return next();
  });

  api.get('/v1/orders/:orderNo', (c) => {
    const order = sandbox.getOrder(c.req.param('orderNo'));
    if (!order) throw new ApiError(404, 'order_not_found', `no order ${c.req.param('orderNo')}`);
    return c.json(order);
  });
  api.post('/v1/orders/:orderNo/verify', async (c) => {
    const body = await readJson(c, VerifyBody);
    return c.json(sandbox.verifyOwnership(c.req.param('orderNo'), body.contact));
  });
  api.post('/v1/tickets', async (c) => {
    const key = IdempotencyKey.safeParse(c.req.header('idempotency-key'));
    if (!key.success)
      throw new ApiError(400, 'missing_idempotency_key', 'the Idempotency-Key header is required (1–200 characters)');
    const input = await readJson(c, TicketCreate.strict());
    const outcome = platformCall(() => sandbox.createTicket(input, key.data));
    return c.json(outcome.body, outcome.status);
  });
  api.get('/v1/tickets', (c) => {
    const query = TicketListQuery.safeParse(c.req.query());
    if (!query.success)
      throw new ApiError(
        400,
        'invalid_query',
        query.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      );
    return c.json(sandbox.listTickets(query.data));
  });
  api.get('/v1/tickets/:ticketId', (c) => {
    const ticket = sandbox.getTicket(c.req.param('ticketId'));
    if (!ticket) throw new ApiError(404, 'ticket_not_found', `no ticket ${c.req.param('ticketId')}`);
    return c.json(ticket);
  });
  api.post('/v1/tickets/:ticketId/decision', async (c) => {
    const key = optionalKey(c);
    const input = await readJson(c, DecisionInput.strict());
    return c.json(platformCall(() => sandbox.decide(c.req.param('ticketId'), input, key)));
  });
  api.post('/v1/tickets/:ticketId/appeal', async (c) => {
    const key = optionalKey(c);
    const input = await readJson(c, AppealInput.strict());
    return c.json(platformCall(() => sandbox.appeal(c.req.param('ticketId'), input, key)));
  });
  api.post('/v1/tickets/:ticketId/evidence', async (c) => {
    const key = optionalKey(c);
    const input = await readJson(c, EvidenceAddInput.strict());
    return c.json(platformCall(() => sandbox.addEvidence(c.req.param('ticketId'), input, key)));
  });

  api.post('/v1/sandbox/orders', async (c) => {
    const input = await readJson(c, SandboxOrderInput);
    if (input.orderNo && sandbox.getOrder(input.orderNo)) {
      throw new ApiError(409, 'order_exists', `order ${input.orderNo} already exists`);
    }
    return c.json(
      platformCall(() => sandbox.createOrder(input)),
      201,
    );
  });
  api.post('/v1/sandbox/tickets', async (c) => {
    const input = await readJson(c, SandboxTicketInput);
    return c.json(
      platformCall(() => sandbox.createTicketAs(input)),
      201,
    );
  });
  api.post('/v1/sandbox/webhooks', async (c) => {
    if (!options.webhooks) throw new ApiError(404, 'not_found', 'this sandbox sends no webhooks');
    const input = await readJson(c, WebhookSubscription);
    return c.json(options.webhooks.subscribe(input.url, input.secret), 201);
  });
  api.post('/v1/sandbox/faults', async (c) => {
    const input = await readJson(c, FaultRequest);
    return c.json(faults.set(input));
  });

  return { name: 'platform-sandbox', mount: (app) => app.route(SANDBOX_BASE_PATH, api) };
}

function bearerAuth(apiKey: string): MiddlewareHandler {
  const expected = Buffer.from(apiKey);
  return async (_c, next) => {
    const header = _c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header);
    if (!match) throw new ApiError(401, 'missing_api_key', 'send the API key as "Authorization: Bearer <key>"');
    const given = Buffer.from(match[1]!.trim());
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new ApiError(401, 'invalid_api_key', 'the API key is not valid');
    }
    await next();
  };
}

/** Runs a sandbox operation, turning its refusals into API errors with the same status and code. */
function platformCall<T>(run: () => T): T {
  try {
    return run();
  } catch (err) {
    if (err instanceof PlatformError) throw new ApiError(apiStatus(err.status), err.code, err.message);
    throw err;
  }
}

function apiStatus(status: number): ApiError['status'] {
  const known: readonly ApiError['status'][] = [400, 401, 403, 404, 405, 409, 413, 415, 422, 429, 500, 502, 503, 504];
  return known.find((s) => s === status) ?? 500;
}

/** "down": the connection is cut with no response. Outside a real server (app.request) there is no socket: 503. */
function dropConnection(c: Context): Response {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (incoming?.socket) {
    incoming.socket.destroy();
    return new Response(null, { status: 503 });
  }
  throw new ApiError(503, 'platform_unreachable', 'the sandbox platform is down (injected fault)');
}
