import { readFileSync } from 'node:fs';
import type { Config } from '../src/config/env.js';
import { servingProblems } from '../src/config/serving.js';
import type { Logger } from '../src/core/log.js';
import { createApp } from '../src/server/app.js';
import { listen, type RunningServer } from '../src/server/listen.js';
import { accessRules, exposure } from './exposure.js';
import { createRuntime, type Runtime } from './runtime.js';

export const VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

export interface Started {
  runtime: Runtime;
  server: RunningServer;
  stop(): Promise<void>;
}

/** The configuration is valid but not fit to serve (production with sandbox settings); each line names a variable. */
export class ServingRefused extends Error {
  override readonly name = 'ServingRefused';
  constructor(readonly problems: string[]) {
    super(`refusing to start:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

/** Starts the whole product in this process; `stop()` finishes in-flight requests, then closes storage. */
export async function startProduct(config: Config, log: Logger): Promise<Started> {
  const problems = servingProblems(config);
  if (problems.length > 0) throw new ServingRefused(problems);
  const runtime = await createRuntime(config, log);
  const app = createApp({
    log,
    metrics: runtime.metrics,
    modules: runtime.httpModules,
    version: VERSION,
    access: accessRules(config),
  });
  const server = await listen(app, { port: config.PORT, host: config.HOST });
  // With PORT=0 the address is known only now; links and webhook targets derived from it follow.
  if (!config.PUBLIC_URL) config.publicUrl = server.url;
  const detach = runtime.httpModules.flatMap((m) => (m.attach ? [m.attach(server.server)] : []));
  runtime.listening();
  log.info({ url: server.url, platform: config.PLATFORM_MODE, dataDir: runtime.dataDir }, 'refund-desk listening');
  const exposed = exposure(config);
  log[exposed.warnings.length > 0 ? 'warn' : 'info']({ exposure: exposed }, 'what this instance exposes');
  let stopping: Promise<void> | undefined;
  return {
    runtime,
    server,
    stop: () => {
      stopping ??= (async () => {
        for (const undo of detach) undo();
        await server.close();
        await runtime.close();
      })();
      return stopping;
    },
  };
}
