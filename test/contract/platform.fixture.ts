/** Builds the two implementations the platform contract runs against. */
import { createHttpPlatform } from '../../adapters/platform/http-client.js';
import {
  createWebhookSender,
  FaultSwitch,
  inProcessPlatform,
  openSandboxDb,
  SandboxPlatform,
  sandboxHttpModule,
  type WebhookSender,
} from '../../adapters/platform/sandbox/index.js';
import { Topic } from '../../src/core/events.js';
import { createLogger } from '../../src/core/log.js';
import { type Platform, type Ticket, TicketUpdatedEvent } from '../../src/ports/platform.js';
import { createApp } from '../../src/server/app.js';
import { listen } from '../../src/server/listen.js';
import { createMetrics } from '../../src/server/metrics.js';
import { PLATFORM_HOOK_PATH, platformHooksModule } from '../../src/server/routes/platform-hooks.js';
import { verifyWebhook } from '../../src/server/webhook-signature.js';
import { loadOpenApi } from './openapi.js';

export interface PlatformFixture {
  platform: Platform;
  /** The sandbox behind it, for arranging orders and tickets. */
  sandbox: SandboxPlatform;
  faults: FaultSwitch;
  /** Tickets the webhook delivered so far (waits for deliveries in flight), each with a valid signature. */
  delivered(): Promise<Ticket[]>;
  /** Problems found since the last call (e.g. responses that do not match the OpenAPI document). */
  problems(): string[];
  close(): Promise<void>;
}

export const API_KEY = 'test-key';
export const WEBHOOK_SECRET = 'test-webhook-secret';
export const silentLog = createLogger({ level: 'silent', production: true });

/** The sandbox in the same process; the webhook goes to a recording fetch. */
export async function inProcessFixture(): Promise<PlatformFixture> {
  const received: Ticket[] = [];
  const problems: string[] = [];
  const webhooks = createWebhookSender({
    url: 'http://refund-desk.test/hooks/platform',
    secret: WEBHOOK_SECRET,
    fetch: async (_url, init) => {
      const body = String(init?.body);
      const signature = new Headers(init?.headers).get('x-signature') ?? undefined;
      const check = verifyWebhook(Buffer.from(body), signature, WEBHOOK_SECRET, {
        now: new Date(),
        toleranceSeconds: 60,
      });
      if (!check.ok) problems.push(`webhook: ${check.reason}`);
      received.push(TicketUpdatedEvent.parse(JSON.parse(body)).ticket);
      return new Response(null, { status: 204 });
    },
  });
  const db = openSandboxDb(':memory:');
  const sandbox = new SandboxPlatform({ db, onTicketUpdated: (t) => webhooks.ticketUpdated(t) });
  const faults = new FaultSwitch();
  return {
    platform: inProcessPlatform(sandbox, faults),
    sandbox,
    faults,
    delivered: async () => {
      await webhooks.idle();
      return [...received];
    },
    problems: () => problems.splice(0),
    close: async () => {
      await webhooks.idle();
      db.close();
    },
  };
}

/**
 * The HTTP client talking to the sandbox over a real socket; the webhook goes to refund-desk's real
 * receiver on the same server; every response is checked against the OpenAPI document.
 */
export async function httpFixture(options: { retries?: number; timeoutMs?: number } = {}): Promise<PlatformFixture> {
  const openapi = loadOpenApi();
  const problems: string[] = [];
  const received: Ticket[] = [];
  const ticketUpdates = new Topic<Ticket>();
  ticketUpdates.subscribe((t) => {
    received.push(t);
  });
  const db = openSandboxDb(':memory:');
  let webhooks: WebhookSender | undefined;
  const sandbox = new SandboxPlatform({ db, onTicketUpdated: (t) => webhooks?.ticketUpdated(t) });
  const faults = new FaultSwitch();
  const app = createApp({
    log: silentLog,
    metrics: createMetrics({ defaultMetrics: false }),
    version: 'test',
    modules: [
      sandboxHttpModule({ sandbox, faults, apiKey: API_KEY }),
      platformHooksModule({ secret: WEBHOOK_SECRET, ticketUpdates, log: silentLog }),
    ],
  });
  const server = await listen(app, { port: 0, host: '127.0.0.1' });
  webhooks = createWebhookSender({
    url: `${server.url}${PLATFORM_HOOK_PATH}`,
    secret: WEBHOOK_SECRET,
    fetch: async (url, init) => {
      const res = await fetch(url, init);
      if (res.status !== 200) problems.push(`webhook answered ${res.status}`);
      return res;
    },
  });
  const baseUrl = `${server.url}/platform`;
  const checkedFetch: typeof fetch = async (input, init) => {
    const res = await fetch(input, init);
    const url = new URL(String(input));
    const path = url.pathname.slice('/platform'.length);
    const body: unknown = await res
      .clone()
      .json()
      .catch(() => undefined);
    problems.push(...openapi.check(init?.method ?? 'GET', path, res.status, body));
    return res;
  };
  return {
    platform: createHttpPlatform({
      baseUrl,
      apiKey: API_KEY,
      timeoutMs: options.timeoutMs ?? 5000,
      retries: options.retries ?? 1,
      backoffMs: 10,
      fetch: checkedFetch,
    }),
    sandbox,
    faults,
    delivered: async () => {
      await webhooks?.idle();
      return [...received];
    },
    problems: () => problems.splice(0),
    close: async () => {
      await webhooks?.idle();
      await server.close(100);
      db.close();
    },
  };
}
