/**
 * Chooses the platform implementation: the in-process sandbox (default, seeded on first start and
 * served at /platform) or the HTTP client for a remote platform (PLATFORM_API_URL). Either way the
 * platform's signed ticket.updated webhook is received at /hooks/platform and published on `ticketUpdates`.
 */
import { resolve } from 'node:path';
import { createHttpPlatform } from '../adapters/platform/http-client.js';
import {
  createWebhookSender,
  FaultSwitch,
  inProcessPlatform,
  openSandboxDb,
  SandboxPlatform,
  sandboxHttpModule,
  seedSandbox,
  type WebhookSender,
} from '../adapters/platform/sandbox/index.js';
import type { Config } from '../src/config/env.js';
import type { Topic } from '../src/core/events.js';
import type { Logger } from '../src/core/log.js';
import type { Platform, Ticket } from '../src/ports/platform.js';
import type { HttpModule } from '../src/server/app.js';
import { PLATFORM_HOOK_PATH, platformHooksModule } from '../src/server/routes/platform-hooks.js';

export interface PlatformWiring {
  port: Platform;
  httpModules: HttpModule[];
  /** The in-process sandbox, when that is the platform (for tests and demos). */
  sandbox?: { service: SandboxPlatform; faults: FaultSwitch; webhooks: WebhookSender };
  /** Called once the server listens. */
  start(): void;
  close(): Promise<void>;
}

export async function createPlatform(options: {
  config: Config;
  log: Logger;
  dataDir: string;
  ticketUpdates: Topic<Ticket>;
}): Promise<PlatformWiring> {
  const { config, log } = options;
  const hooks = platformHooksModule({
    secret: config.PLATFORM_WEBHOOK_SECRET,
    ticketUpdates: options.ticketUpdates,
    log: log.child({ module: 'platform-hooks' }),
    toleranceSeconds: config.PLATFORM_WEBHOOK_TOLERANCE_SECONDS,
  });

  if (config.PLATFORM_MODE === 'remote' && config.PLATFORM_API_URL) {
    const port = createHttpPlatform({
      baseUrl: config.PLATFORM_API_URL,
      apiKey: config.PLATFORM_API_KEY,
      timeoutMs: config.PLATFORM_TIMEOUT_MS,
      retries: config.PLATFORM_RETRIES,
    });
    return { port, httpModules: [hooks], start: () => {}, close: async () => {} };
  }

  const db = openSandboxDb(resolve(options.dataDir, 'platform-sandbox.sqlite'));
  const webhooks = createWebhookSender({
    url: () => config.PLATFORM_WEBHOOK_URL ?? `${config.publicUrl}${PLATFORM_HOOK_PATH}`,
    secret: config.PLATFORM_WEBHOOK_SECRET,
    log: log.child({ module: 'platform-sandbox' }),
    db,
  });
  const service = new SandboxPlatform({ db, onTicketUpdated: (ticket) => webhooks.ticketUpdated(ticket) });
  const seeded = seedSandbox(service);
  if (seeded.length > 0) log.info({ orders: seeded.length }, 'sandbox platform seeded with demo orders');
  const faults = new FaultSwitch();
  return {
    port: inProcessPlatform(service, faults),
    httpModules: [sandboxHttpModule({ sandbox: service, faults, webhooks, apiKey: config.PLATFORM_API_KEY }), hooks],
    sandbox: { service, faults, webhooks },
    // Undelivered webhooks (also a previous process's) go out once the server listens.
    start: () => webhooks.start(),
    async close() {
      await webhooks.stop();
      db.close();
    },
  };
}
