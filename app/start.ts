import { readFileSync } from 'node:fs';
import type { Config } from '../src/config/env.js';
import type { Logger } from '../src/core/log.js';
import { createApp } from '../src/server/app.js';
import { listen, type RunningServer } from '../src/server/listen.js';
import { createRuntime, type Runtime } from './runtime.js';

export const VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

export interface Started {
  runtime: Runtime;
  server: RunningServer;
  stop(): Promise<void>;
}

/** Starts the whole product in this process; `stop()` finishes in-flight requests, then closes storage. */
export async function startProduct(config: Config, log: Logger): Promise<Started> {
  const runtime = await createRuntime(config, log);
  const app = createApp({ log, metrics: runtime.metrics, modules: runtime.httpModules, version: VERSION });
  const server = await listen(app, { port: config.PORT, host: config.HOST });
  // With PORT=0 the address is known only now; links and webhook targets derived from it follow.
  if (!config.PUBLIC_URL) config.publicUrl = server.url;
  log.info({ url: server.url, platform: config.PLATFORM_MODE, dataDir: runtime.dataDir }, 'refund-desk listening');
  let stopping: Promise<void> | undefined;
  return {
    runtime,
    server,
    stop: () => {
      stopping ??= (async () => {
        await server.close();
        await runtime.close();
      })();
      return stopping;
    },
  };
}
