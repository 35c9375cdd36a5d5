/** Chooses the platform implementation: the in-process sandbox (default) or the HTTP client. */
import type { Config } from '../src/config/env.js';
import type { Logger } from '../src/core/log.js';
import type { Platform } from '../src/ports/platform.js';
import type { HttpModule } from '../src/server/app.js';

export interface PlatformWiring {
  port: Platform;
  httpModules: HttpModule[];
  close(): Promise<void>;
}

export async function createPlatform(_options: {
  config: Config;
  log: Logger;
  dataDir: string;
}): Promise<PlatformWiring> {
  throw new Error('platform wiring: not implemented yet (issue 2)');
}
