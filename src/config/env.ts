/**
 * All configuration comes from environment variables, validated here once at start.
 * A bad value stops start-up with a message naming the variable.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { trustedProxies } from '../server/client-address.js';

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));
const optionalUrl = optionalString.pipe(z.string().url().optional());
/** `*`, or a comma-separated list of origins (`https://shop.example.com`); each entry normalised to its origin. */
const originList = optionalString.pipe(
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined) return undefined;
      if (v === '*') return ['*'];
      const origins: string[] = [];
      for (const entry of v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)) {
        let url: URL | undefined;
        try {
          url = new URL(entry);
        } catch {}
        if (!url || !/^https?:$/.test(url.protocol) || url.origin !== entry.replace(/\/+$/, '')) {
          ctx.addIssue({ code: 'custom', message: `"${entry}" is not an origin like https://shop.example.com` });
          return z.NEVER;
        }
        origins.push(url.origin);
      }
      return origins;
    }),
);
const int = (def: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(def);
const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .default('false')
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const timeZone = z
  .string()
  .default('Asia/Shanghai')
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, 'an IANA time zone such as Asia/Shanghai or UTC');
export const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: int(3978, 0, 65535),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  PUBLIC_URL: optionalUrl,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  KNOWLEDGE_DIR: z.string().min(1).default('./knowledge'),
  BOTS_DIR: z.string().min(1).default('./bots'),

  PLATFORM_MODE: z.enum(['sandbox', 'remote']).default('sandbox'),
  PLATFORM_API_URL: optionalUrl,
  PLATFORM_API_KEY: z.string().min(1).default('sandbox'),
  PLATFORM_TIMEOUT_MS: int(5000, 100, 120_000),
  PLATFORM_RETRIES: int(3, 0, 10),
  PLATFORM_WEBHOOK_SECRET: optionalString,
  PLATFORM_WEBHOOK_URL: optionalUrl,

  REST_CHANNEL_SECRET: optionalString,
  REST_CALLBACK_URL: optionalUrl,
  DIRECTLINE_SECRET: optionalString,
  DIRECTLINE_TOKEN_TTL_SECONDS: int(1800, 60, 86_400),
  WEBCHAT_ALLOWED_ORIGINS: originList,
  MicrosoftAppId: optionalString,
  MicrosoftAppPassword: optionalString,
  MicrosoftAppType: optionalString,
  MicrosoftAppTenantId: optionalString,
  TELEGRAM_BOT_TOKEN: optionalString,
  TELEGRAM_WEBHOOK_URL: optionalUrl,
  TELEGRAM_WEBHOOK_SECRET: optionalString,
  TELEGRAM_API_ROOT: optionalUrl,
  LLM_BASE_URL: optionalUrl,
  LLM_MODEL: optionalString,
  LLM_API_KEY: optionalString,
  EMBEDDINGS_URL: optionalUrl,
  EMBEDDINGS_MODEL: optionalString,
  EMBEDDINGS_API_KEY: optionalString,

  ATTACHMENT_MAX_BYTES: int(10 * 1024 * 1024, 1024, 100 * 1024 * 1024),
  /** Reading payment receipts (offline OCR, an optional dependency): `auto` when installed, or `off`. */
  OCR: z.enum(['auto', 'off']).default('auto'),
  /** Longest a buyer's turn waits for one receipt to be read; the turn goes on without it after. */
  OCR_TIMEOUT_MS: int(8000, 100, 120_000),
  /** All files of one request together (default: ATTACHMENT_MAX_BYTES). */
  ATTACHMENT_REQUEST_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(100 * 1024 * 1024)
    .optional(),
  /** Request bodies being received at once, all requests together: beyond it uploads are told to retry. */
  BODY_MEMORY_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024 * 1024)
    .max(4 * 1024 * 1024 * 1024)
    .optional(),
  TRANSCRIPT_RETENTION_DAYS: int(1095, 1, 36_500),

  /** Serve sandbox-only settings (sandbox platform, API key `sandbox`) in production or remote mode anyway. */
  ALLOW_SANDBOX_SETTINGS: flag,
  /** Bearer token for /metrics; without it /metrics is open in development and closed in production. */
  METRICS_TOKEN: optionalString,
  /** Proxies whose X-Forwarded-For is believed when working out a client's address (checked below). */
  TRUSTED_PROXIES: optionalString,
  /** Time zone in which the agent console shows times. */
  CONSOLE_TIME_ZONE: timeZone,
  /** Platform webhooks older (or newer) than this are refused. */
  PLATFORM_WEBHOOK_TOLERANCE_SECONDS: int(300, 10, 86_400),
});

export type Env = z.infer<typeof EnvSchema>;

/** The largest JSON body that carries `attachmentBytes` of files as base64, plus room for the message. */
export const uploadBodyLimit = (attachmentBytes: number): number => Math.ceil(attachmentBytes / 3) * 4 + 64 * 1024;

export interface Config extends Omit<Env, 'ATTACHMENT_REQUEST_MAX_BYTES' | 'BODY_MEMORY_MAX_BYTES'> {
  /** Where the platform webhook secret came from: generated per process in sandbox mode when unset. */
  PLATFORM_WEBHOOK_SECRET: string;
  ATTACHMENT_REQUEST_MAX_BYTES: number;
  BODY_MEMORY_MAX_BYTES: number;
  /** Base URL the process is reachable at (PUBLIC_URL, or http://HOST:PORT). */
  publicUrl: string;
  /**
   * Endpoints meant for the card site's backend answer without a secret only here: sandbox
   * platform and not production. Everywhere else they need their secret or stay closed.
   */
  openWithoutSecrets: boolean;
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; errors: string[] };

export function loadConfig(env: NodeJS.ProcessEnv): ConfigResult {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map((i) => `${i.path.join('.') || '(environment)'}: ${i.message}`),
    };
  }
  const e = parsed.data;
  const errors: string[] = [];
  if (e.PLATFORM_MODE === 'remote' && !e.PLATFORM_API_URL) {
    errors.push('PLATFORM_API_URL: required when PLATFORM_MODE=remote');
  }
  if (e.PLATFORM_MODE === 'remote' && !e.PLATFORM_WEBHOOK_SECRET) {
    errors.push('PLATFORM_WEBHOOK_SECRET: required when PLATFORM_MODE=remote (signs ticket.updated webhooks)');
  }
  if (e.PLATFORM_API_URL && e.PLATFORM_MODE === 'sandbox' && env.PLATFORM_MODE === 'sandbox') {
    errors.push('PLATFORM_API_URL: set, but PLATFORM_MODE=sandbox asks for the in-process sandbox; unset one of them');
  }
  if (e.ATTACHMENT_REQUEST_MAX_BYTES !== undefined && e.ATTACHMENT_REQUEST_MAX_BYTES < e.ATTACHMENT_MAX_BYTES) {
    errors.push('ATTACHMENT_REQUEST_MAX_BYTES: smaller than ATTACHMENT_MAX_BYTES, so no full-size file could be sent');
  }
  try {
    trustedProxies(e.TRUSTED_PROXIES);
  } catch (err) {
    errors.push((err as Error).message);
  }
  const requestMax = e.ATTACHMENT_REQUEST_MAX_BYTES ?? e.ATTACHMENT_MAX_BYTES;
  const bodyMemory = e.BODY_MEMORY_MAX_BYTES ?? Math.max(32 * 1024 * 1024, 2 * uploadBodyLimit(requestMax));
  if (bodyMemory < uploadBodyLimit(requestMax)) {
    errors.push(
      `BODY_MEMORY_MAX_BYTES: must hold at least one full upload request (${uploadBodyLimit(requestMax)} bytes)`,
    );
  }
  if (errors.length > 0) return { ok: false, errors };
  const mode = e.PLATFORM_API_URL ? 'remote' : e.PLATFORM_MODE;
  const host = e.HOST.includes(':') ? `[${e.HOST}]` : e.HOST;
  return {
    ok: true,
    config: {
      ...e,
      PLATFORM_MODE: mode,
      PLATFORM_WEBHOOK_SECRET: e.PLATFORM_WEBHOOK_SECRET ?? randomBytes(32).toString('hex'),
      ATTACHMENT_REQUEST_MAX_BYTES: requestMax,
      BODY_MEMORY_MAX_BYTES: bodyMemory,
      publicUrl: (e.PUBLIC_URL ?? `http://${host}:${e.PORT}`).replace(/\/+$/, ''),
      openWithoutSecrets: mode === 'sandbox' && e.NODE_ENV !== 'production',
    },
  };
}
