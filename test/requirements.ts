/**
 * What the machine offers the test suites that need more than Node.js: Debian Chromium, a PostgreSQL
 * server, a Redis server. Probed once per run by the global set-up (`test/global-setup.ts`) and handed
 * to the test files with `inject()`; a suite whose requirement is missing skips with one line that
 * says what was skipped and how to get it. `TEST_REQUIRE_ALL=1` (the complete CI run) turns every
 * missing requirement into a failure instead.
 */
import { spawnSync } from 'node:child_process';
import { connect } from 'node:net';
import { inject } from 'vitest';

export type Requirement = 'chromium' | 'postgres' | 'redis';

/** Per requirement: null when available, otherwise why not and how to get it. */
export type Availability = Record<Requirement, string | null>;

declare module 'vitest' {
  export interface ProvidedContext {
    requirements: Availability;
  }
}

export const CHROMIUM_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';

/** The PostgreSQL server the suites may use: `TEST_DATABASE_URL`, else `DATABASE_URL`. */
export const testDatabaseUrl = (): string | undefined => process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;

/** The Redis server the suites may use: `TEST_REDIS_URL`, else `REDIS_URL`. */
export const testRedisUrl = (): string | undefined => process.env.TEST_REDIS_URL ?? process.env.REDIS_URL;

function probeChromium(): string | null {
  const run = spawnSync(CHROMIUM_PATH, ['--headless', '--no-sandbox', '--version'], { timeout: 20_000 });
  if (run.error || run.status !== 0)
    return `Chromium not runnable at ${CHROMIUM_PATH} — install it with \`apt-get install -y chromium fonts-wqy-microhei\` or set CHROME_PATH`;
  return null;
}

/** True when a TCP connection to the URL's host and port opens within two seconds. */
function reachable(url: URL, defaultPort: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: url.hostname || '127.0.0.1', port: Number(url.port || defaultPort) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2_000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function probeServer(
  name: string,
  url: string | undefined,
  variable: string,
  example: string,
  defaultPort: number,
): Promise<string | null> {
  if (!url) return `no ${name} server configured — set ${variable}=${example}`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `${variable} is not a URL`;
  }
  return (await reachable(parsed, defaultPort)) ? null : `${name} at ${parsed.host} does not answer`;
}

export async function probeRequirements(): Promise<Availability> {
  const [postgres, redis] = await Promise.all([
    probeServer(
      'PostgreSQL',
      testDatabaseUrl(),
      'TEST_DATABASE_URL',
      'postgres://postgres@127.0.0.1:5432/postgres',
      5432,
    ),
    probeServer('Redis', testRedisUrl(), 'TEST_REDIS_URL', 'redis://127.0.0.1:6379', 6379),
  ]);
  return { chromium: probeChromium(), postgres, redis };
}

/**
 * In a test file: `describe.skipIf(missing('chromium', 'the agent console in Chromium'))(…)`.
 * True when the requirement is missing, after printing one line naming the suite and how to get it.
 */
export function missing(requirement: Requirement, suite: string): boolean {
  const why = inject('requirements')[requirement];
  if (why) process.stderr.write(`SKIPPED ${suite}: ${why}\n`);
  return why !== null;
}
