/**
 * Who may reach what, decided once from the configuration: the access rules the app enforces for
 * endpoints without their own guard, and the one start-up summary that tells an operator which
 * channels are on and which endpoints answer without a secret (`docs/security.md`).
 */
import type { Config } from '../src/config/env.js';
import { SANDBOX_API_KEY } from '../src/config/serving.js';
import { type Access, accessOf } from '../src/server/access.js';

/** The card site's backend APIs share the site secret (REST_CHANNEL_SECRET). */
export const siteAccess = (config: Config): Access =>
  accessOf(config.REST_CHANNEL_SECRET, 'REST_CHANNEL_SECRET', config.openWithoutSecrets);

/** Metrics are open in development; in production only with METRICS_TOKEN. */
export const metricsAccess = (config: Config): Access =>
  accessOf(config.METRICS_TOKEN, 'METRICS_TOKEN', config.NODE_ENV !== 'production');

/** Paths guarded by the app itself (the other routes check their own secret or session). */
export function accessRules(config: Config): Array<{ path: string; access: Access }> {
  return [
    { path: '/metrics', access: metricsAccess(config) },
    { path: '/api/parse', access: siteAccess(config) },
    { path: '/api/kb/search', access: siteAccess(config) },
  ];
}

export interface Exposure {
  platform: string;
  channels: Record<string, string>;
  /** Endpoints anyone who can reach the port may call. */
  open: string[];
  /** Endpoint → what protects it. */
  protected: Record<string, string>;
  /** Endpoints that answer 401/503 because their secret is not set. */
  closed: string[];
  /** Things an operator should know (set, but probably not what they want). */
  warnings: string[];
}

const describe = (access: Access): 'open' | 'closed' | string =>
  access.kind === 'open' ? 'open' : access.kind === 'closed' ? 'closed' : `Bearer ${access.name}`;

export function exposure(config: Config): Exposure {
  const sandbox = config.PLATFORM_MODE === 'sandbox';
  const out: Exposure = {
    platform: sandbox ? 'sandbox (in-process)' : `remote ${config.PLATFORM_API_URL}`,
    channels: {},
    open: ['/healthz', '/widget.js', '/webchat/*'],
    protected: {
      '/hooks/platform': 'HMAC signature (PLATFORM_WEBHOOK_SECRET), timestamp, replay check',
      '/agent, /api/agent/*': 'agent session + CSRF token',
    },
    closed: [],
    warnings: [],
  };
  const place = (path: string, access: Access) => {
    const d = describe(access);
    if (d === 'open') out.open.push(path);
    else if (d === 'closed') out.closed.push(`${path} (set ${access.kind === 'closed' ? access.name : ''})`);
    else out.protected[path] = d;
  };

  const site = siteAccess(config);
  out.channels.rest = describe(site);
  place('/webhooks/rest/webhook', site);
  place('/api/parse', site);
  place('/api/kb/search', site);
  place('/api/link-codes', site);
  place('/metrics', metricsAccess(config));

  const directLine = config.DIRECTLINE_SECRET
    ? 'Bearer DIRECTLINE_SECRET'
    : sandbox
      ? 'sandbox secret kept in DATA_DIR/directline-secret (not shown): /demo uses it'
      : 'closed (set DIRECTLINE_SECRET)';
  out.channels.webchat = `Direct Line; tokens/generate: ${directLine}`;
  if (config.DIRECTLINE_SECRET) out.protected['/v3/directline/tokens/generate'] = 'Bearer DIRECTLINE_SECRET';
  out.protected['/v3/directline/conversations/*'] = 'Direct Line token (binds one buyer and conversation)';
  out.channels.telegram = !config.TELEGRAM_BOT_TOKEN
    ? 'off'
    : config.TELEGRAM_WEBHOOK_URL
      ? `webhook ${config.TELEGRAM_WEBHOOK_URL}`
      : 'long polling';
  if (config.TELEGRAM_BOT_TOKEN && config.TELEGRAM_WEBHOOK_URL) {
    out.protected['/telegram/webhook'] = config.TELEGRAM_WEBHOOK_SECRET
      ? 'X-Telegram-Bot-Api-Secret-Token (TELEGRAM_WEBHOOK_SECRET)'
      : 'X-Telegram-Bot-Api-Secret-Token (random per process)';
  }
  out.channels.botframework =
    config.MicrosoftAppId && config.MicrosoftAppPassword ? '/api/messages (Bot Framework JWT)' : 'off';

  if (sandbox) {
    out.open.push('/demo', '/demo/token (signs in the demo buyer)');
    out.protected['/platform/v1/*'] = `Bearer PLATFORM_API_KEY${
      config.PLATFORM_API_KEY === SANDBOX_API_KEY ? ' (the well-known "sandbox")' : ''
    }`;
    if (config.NODE_ENV === 'production') {
      out.warnings.push('the sandbox platform and /demo are served in production (ALLOW_SANDBOX_SETTINGS=true)');
    }
  }
  if (!config.REST_CALLBACK_URL) {
    out.warnings.push(
      'REST_CALLBACK_URL is not set: decisions for buyers of the REST channel are kept in the transcript only',
    );
  }
  if (site.kind === 'open') {
    out.warnings.push(
      'development mode: the REST channel trusts any sender without a secret (set REST_CHANNEL_SECRET or NODE_ENV=production to close it)',
    );
  }
  return out;
}
