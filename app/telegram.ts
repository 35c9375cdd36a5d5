/**
 * Wires the Telegram channel from configuration: long polling when TELEGRAM_BOT_TOKEN is set and
 * TELEGRAM_WEBHOOK_URL is not, webhook mode otherwise; the link-code endpoint for the card site.
 */
import { randomBytes } from 'node:crypto';
import { Counter, type Registry } from 'prom-client';
import {
  createTelegramChannel,
  linkCodesModule,
  type SqliteDatabase,
  type TelegramChannel,
  TelegramStore,
  telegramWebhookModule,
  type UpdateOutcome,
} from '../adapters/telegram/index.js';
import type { Config } from '../src/config/env.js';
import type { Logger } from '../src/core/log.js';
import type { Bot } from '../src/core/messages.js';
import type { ChannelSink } from '../src/ports/channel-sink.js';
import type { ConversationStore } from '../src/ports/conversation-store.js';
import type { Recorder } from '../src/ports/recorder.js';
import type { HttpModule } from '../src/server/app.js';
import type { Metrics } from '../src/server/metrics.js';

export interface TelegramWiring {
  mode: 'off' | 'polling' | 'webhook';
  channel: TelegramChannel | undefined;
  /** Register it for channel `telegram` so pushed decisions reach the buyer's chat. */
  sink: ChannelSink | undefined;
  httpModules: HttpModule[];
  /** Connects to Telegram (getMe, then polling or setWebhook), retrying until it succeeds or close() is called. */
  start(): Promise<void>;
  close(): Promise<void>;
}

export interface TelegramWiringOptions {
  config: Pick<
    Config,
    | 'TELEGRAM_BOT_TOKEN'
    | 'TELEGRAM_WEBHOOK_URL'
    | 'TELEGRAM_WEBHOOK_SECRET'
    | 'TELEGRAM_API_ROOT'
    | 'REST_CHANNEL_SECRET'
    | 'openWithoutSecrets'
  >;
  log: Logger;
  desk: Bot;
  db: SqliteDatabase;
  conversations?: Pick<ConversationStore, 'get' | 'save'>;
  recorder?: Recorder;
  /** Where `refund_desk_telegram_updates_total{outcome}` is registered. */
  metrics?: Pick<Metrics, 'registry'>;
}

export function createTelegram(options: TelegramWiringOptions): TelegramWiring {
  const { config } = options;
  const log = options.log.child({ channel: 'telegram' });
  const store = new TelegramStore(options.db);
  store.pruneUpdates(new Date(Date.now() - 7 * 24 * 3600 * 1000));
  const token = config.TELEGRAM_BOT_TOKEN;
  const updates = options.metrics ? updatesCounter(options.metrics.registry) : undefined;
  const channel = token
    ? createTelegramChannel({
        token,
        desk: options.desk,
        store,
        log,
        ...(config.TELEGRAM_API_ROOT ? { apiRoot: config.TELEGRAM_API_ROOT } : {}),
        ...(options.conversations ? { conversations: options.conversations } : {}),
        ...(options.recorder ? { recorder: options.recorder } : {}),
        ...(updates ? { onUpdate: (outcome: UpdateOutcome) => updates.inc({ outcome }) } : {}),
      })
    : undefined;
  const mode = !channel ? 'off' : config.TELEGRAM_WEBHOOK_URL ? 'webhook' : 'polling';
  const webhookSecret = config.TELEGRAM_WEBHOOK_SECRET ?? randomBytes(32).toString('hex');

  const httpModules: HttpModule[] = [
    linkCodesModule({
      store,
      siteSecret: config.REST_CHANNEL_SECRET,
      openWithoutSecret: config.openWithoutSecrets,
      botUsername: () => channel?.username(),
    }),
  ];
  if (channel && mode === 'webhook') httpModules.push(telegramWebhookModule({ channel, secret: webhookSecret, log }));

  let closed = false;
  const connect = async (): Promise<void> => {
    if (!channel) return;
    if (mode === 'webhook' && config.TELEGRAM_WEBHOOK_URL) {
      if (!config.TELEGRAM_WEBHOOK_SECRET)
        log.info('TELEGRAM_WEBHOOK_SECRET unset: using a random secret token for this process');
      await channel.setWebhook(config.TELEGRAM_WEBHOOK_URL, webhookSecret);
    } else await channel.startPolling();
  };

  return {
    mode,
    channel,
    sink: channel?.sink,
    httpModules,
    async start() {
      for (let attempt = 1; !closed; attempt++) {
        try {
          await connect();
          return;
        } catch (err) {
          const delay = Math.min(60_000, 1000 * 2 ** Math.min(attempt, 6));
          log.error({ err, attempt, retryInMs: delay }, 'telegram: could not connect to the Bot API');
          await new Promise((r) => setTimeout(r, delay).unref());
        }
      }
    },
    async close() {
      closed = true;
      await channel?.stop();
    },
  };
}

const UPDATES_METRIC = 'refund_desk_telegram_updates_total';

function updatesCounter(registry: Registry): Counter<'outcome'> {
  const existing = registry.getSingleMetric(UPDATES_METRIC);
  if (existing instanceof Counter) return existing as Counter<'outcome'>;
  return new Counter({
    name: UPDATES_METRIC,
    help: 'Telegram updates by outcome (handled, duplicate = redelivered and skipped, failed)',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
}
