/**
 * What must be fixed before serving outside development. With NODE_ENV=production, or against a
 * remote platform, the sandbox's conveniences are refused unless ALLOW_SANDBOX_SETTINGS=true: the
 * in-process sandbox platform (demo orders anyone can read, /demo signing visitors in as the demo
 * buyer) and the well-known API key `sandbox`. Each problem names its variable.
 */
import type { Config } from './env.js';

export const SANDBOX_API_KEY = 'sandbox';

export function servingProblems(config: Config): string[] {
  const production = config.NODE_ENV === 'production';
  const remote = config.PLATFORM_MODE === 'remote';
  if ((!production && !remote) || config.ALLOW_SANDBOX_SETTINGS) return [];
  const problems: string[] = [];
  if (production && !remote) {
    problems.push(
      'PLATFORM_API_URL: missing — NODE_ENV=production would serve the sandbox platform (demo orders, /platform, /demo); ' +
        'set PLATFORM_API_URL, PLATFORM_API_KEY and PLATFORM_WEBHOOK_SECRET for the real platform, or ALLOW_SANDBOX_SETTINGS=true',
    );
  }
  if (config.PLATFORM_API_KEY === SANDBOX_API_KEY) {
    problems.push(
      `PLATFORM_API_KEY: missing — "${SANDBOX_API_KEY}" is the sandbox's well-known key; set the platform's API key`,
    );
  }
  if (production && !remote) {
    problems.push('PLATFORM_WEBHOOK_SECRET: missing — the platform signs ticket.updated webhooks with it');
  }
  return problems;
}
