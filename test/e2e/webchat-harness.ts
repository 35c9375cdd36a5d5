/** Starts the web chat modules on a real socket with a given bot (the product's HTTP app, port 0). */
import { createWebchat, type Webchat, type WebchatOptions } from '../../app/webchat.js';
import { loadConfig } from '../../src/config/env.js';
import { createLogger } from '../../src/core/log.js';
import type { Bot } from '../../src/core/messages.js';
import { createApp } from '../../src/server/app.js';
import { listen } from '../../src/server/listen.js';
import { createMetrics } from '../../src/server/metrics.js';

export interface WebchatServer {
  url: string;
  webchat: Webchat;
  secret: string;
  close(): Promise<void>;
}

export async function startWebchatServer(
  bot: Bot,
  options: { env?: Record<string, string>; rateLimit?: WebchatOptions['rateLimit'] } = {},
): Promise<WebchatServer> {
  const loaded = loadConfig({ PORT: '0', PLATFORM_MODE: 'sandbox', LOG_LEVEL: 'silent', ...options.env });
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  const log = createLogger({ level: 'silent', production: true });
  const webchat = createWebchat({
    config: loaded.config,
    log,
    bot,
    ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
  });
  const app = createApp({
    log,
    metrics: createMetrics({ defaultMetrics: false }),
    modules: webchat.httpModules,
    version: 'test',
  });
  const server = await listen(app, { port: 0, host: '127.0.0.1' });
  const detach = webchat.httpModules.flatMap((m) => (m.attach ? [m.attach(server.server)] : []));
  return {
    url: server.url,
    webchat,
    secret: webchat.secret ?? '',
    async close() {
      for (const undo of detach) undo();
      await webchat.service.idle();
      await server.close(1000);
    },
  };
}
