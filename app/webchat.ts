/** Wiring of the web chat channel: Direct Line endpoint, Web Chat assets, demo page, ChannelSink. */
import { randomBytes } from 'node:crypto';
import { applyMigrations, type SqliteDatabase } from '../adapters/storage-sqlite/index.js';
import { botFrameworkChannel } from '../adapters/webchat/cloud-adapter.js';
import {
  type ActivityStore,
  type DemoOrder,
  DirectLineService,
  directLineModule,
  directLineSink,
  issueBuyerToken,
  LiveFeed,
  MemoryActivityStore,
  sqliteActivityStore,
  TokenSigner,
  WEBCHAT_MIGRATION_MODULE,
  webChatAssetsModule,
  webchatMigrations,
} from '../adapters/webchat/index.js';
import type { Config } from '../src/config/env.js';
import type { Logger } from '../src/core/log.js';
import type { Bot } from '../src/core/messages.js';
import type { ChannelSink } from '../src/ports/channel-sink.js';
import type { EvidenceIntake } from '../src/ports/evidence.js';
import type { HttpModule } from '../src/server/app.js';

export const DEMO_BUYER_ID = 'demo-buyer';

export interface WebchatOptions {
  config: Config;
  log: Logger;
  bot: Bot;
  /** The product's SQLite database: activities live in the `webchat` module's tables. In memory when omitted. */
  db?: SqliteDatabase;
  /** Lets files the bot sends (by sha256) be shown in the chat. */
  evidence?: Pick<EvidenceIntake, 'read'>;
  /** The demo buyer's orders listed on /demo. */
  demoOrders?: () => Promise<DemoOrder[]>;
  rateLimit?: { burst: number; perSecond: number; now?: () => number };
}

export interface Webchat {
  httpModules: HttpModule[];
  /** The Direct Line sink (channel `webchat`). */
  sink: ChannelSink;
  /** Every sink to register: webchat, plus botframework when CloudAdapter is on. */
  sinks: ChannelSink[];
  service: DirectLineService;
  /** The site secret in use (generated per process in sandbox mode when unset). */
  secret: string | undefined;
}

export function createWebchat(options: WebchatOptions): Webchat {
  const { config, log } = options;
  const sandbox = config.PLATFORM_MODE === 'sandbox';
  let secret = config.DIRECTLINE_SECRET;
  if (!secret && sandbox) {
    secret = randomBytes(32).toString('base64url');
    log.info('DIRECTLINE_SECRET is not set: generated one for this process (sandbox); the /demo page uses it');
  } else if (!secret) {
    log.warn('DIRECTLINE_SECRET is not set: /v3/directline/tokens/generate is disabled');
  }
  const store = options.db ? openActivityStore(options.db) : new MemoryActivityStore();
  const live = new LiveFeed();
  const service = new DirectLineService({
    store,
    bot: options.bot,
    live,
    log,
    ...(options.evidence ? { evidence: options.evidence } : {}),
  });
  // Tokens outlive a process only when the secret is configured.
  const signer = new TokenSigner(secret ?? randomBytes(32).toString('base64url'), config.DIRECTLINE_TOKEN_TTL_SECONDS);
  const directLine = directLineModule({
    service,
    live,
    signer,
    secret,
    publicUrl: config.PUBLIC_URL,
    maxUploadBytes: config.ATTACHMENT_MAX_BYTES,
    log,
    ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
  });
  const assets = webChatAssetsModule(
    sandbox
      ? {
          demo: {
            buyerId: DEMO_BUYER_ID,
            issueToken: (buyerId) => issueBuyerToken(store, signer, buyerId),
            orders: options.demoOrders ?? (async () => []),
          },
        }
      : {},
  );
  const sink = directLineSink(service, () => config.publicUrl);
  const webchat: Webchat = { httpModules: [directLine, assets], sink, sinks: [sink], service, secret };
  if (config.MicrosoftAppId && config.MicrosoftAppPassword) {
    const botframework = botFrameworkChannel({
      bot: options.bot,
      log: log.child({ module: 'botframework' }),
      credentials: {
        MicrosoftAppId: config.MicrosoftAppId,
        MicrosoftAppPassword: config.MicrosoftAppPassword,
        ...(config.MicrosoftAppType ? { MicrosoftAppType: config.MicrosoftAppType } : {}),
        ...(config.MicrosoftAppTenantId ? { MicrosoftAppTenantId: config.MicrosoftAppTenantId } : {}),
      },
      maxAttachmentBytes: config.ATTACHMENT_MAX_BYTES,
    });
    webchat.httpModules.push(botframework.module);
    webchat.sinks.push(botframework.sink);
    log.info('Bot Framework CloudAdapter listening on /api/messages');
  }
  return webchat;
}

function openActivityStore(db: SqliteDatabase): ActivityStore {
  applyMigrations(db, WEBCHAT_MIGRATION_MODULE, webchatMigrations);
  return sqliteActivityStore(db);
}
