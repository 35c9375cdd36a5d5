/** Wiring of the web chat channel: Direct Line endpoint, Web Chat assets, demo page, ChannelSink. */
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_BUYER, DEMO_CASES } from '../adapters/platform/sandbox/index.js';
import { applyMigrations, type SqliteDatabase } from '../adapters/storage-sqlite/index.js';
import { clausesModule } from '../adapters/webchat/clauses.js';
import { botFrameworkChannel } from '../adapters/webchat/cloud-adapter.js';
import {
  type ActivityStore,
  AttachmentUrls,
  type DemoOrder,
  DirectLineService,
  directLineModule,
  directLineSink,
  issueConversationToken,
  LiveFeed,
  MemoryActivityStore,
  originPolicy,
  sqliteActivityStore,
  TokenSigner,
  WEBCHAT_MIGRATION_MODULE,
  webChatAssetsModule,
  webchatMigrations,
} from '../adapters/webchat/index.js';
import type { Config } from '../src/config/env.js';
import type { Lang } from '../src/core/domain.js';
import type { Logger } from '../src/core/log.js';
import type { Bot } from '../src/core/messages.js';
import type { ChannelSink } from '../src/ports/channel-sink.js';
import type { EvidenceIntake } from '../src/ports/evidence.js';
import type { Order, Platform } from '../src/ports/platform.js';
import type { Clause } from '../src/ports/retriever.js';
import type { HttpModule } from '../src/server/app.js';

export const DEMO_BUYER_ID = DEMO_BUYER.buyerId;

export interface WebchatOptions {
  config: Config;
  log: Logger;
  bot: Bot;
  /** The product's SQLite database: activities live in the `webchat` module's tables. In memory when omitted. */
  db?: SqliteDatabase;
  /** Where a generated sandbox secret is kept, so tokens outlive a restart; per process when omitted. */
  dataDir?: string;
  /** Lets files the bot sends (by sha256) be shown in the chat. */
  evidence?: Pick<EvidenceIntake, 'read'>;
  /** Cited clauses: their names as the bot's texts spell them (links in the chat) and their text. */
  clauses?: {
    label(id: string, lang: Lang): string | undefined;
    text(id: string, lang: Lang): Promise<Clause | null>;
  };
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
    secret = sandboxSecret(options.dataDir);
    log.info(
      options.dataDir
        ? `DIRECTLINE_SECRET is not set: using the sandbox secret kept in ${join(options.dataDir, SECRET_FILE)} (the /demo page uses it)`
        : 'DIRECTLINE_SECRET is not set: generated one for this process (sandbox); the /demo page uses it',
    );
  } else if (!secret) {
    log.warn('DIRECTLINE_SECRET is not set: /v3/directline/tokens/generate is disabled');
  }
  const allowedOrigins = config.WEBCHAT_ALLOWED_ORIGINS ?? (sandbox ? ['*'] : []);
  if (!config.WEBCHAT_ALLOWED_ORIGINS) {
    log.info(
      sandbox
        ? 'WEBCHAT_ALLOWED_ORIGINS is not set: sandbox mode lets pages of any origin use the web chat; set it to your card site origin(s) for production'
        : "WEBCHAT_ALLOWED_ORIGINS is not set: the web chat works only on pages served from refund-desk's own address or a same-origin proxy; set it to your card site origin(s), e.g. https://shop.example.com",
    );
  } else {
    log.info({ origins: allowedOrigins }, 'web chat allowed on pages of these origins');
  }
  const store = options.db ? openActivityStore(options.db) : new MemoryActivityStore();
  const live = new LiveFeed();
  const service = new DirectLineService({
    store,
    bot: options.bot,
    live,
    log,
    ...(options.evidence ? { evidence: options.evidence } : {}),
    ...(options.clauses ? { clauseLabel: options.clauses.label } : {}),
  });
  const origins = originPolicy(allowedOrigins);
  // Tokens and attachment links outlive a process when the secret does (configured, or kept in DATA_DIR).
  const key = secret ?? randomBytes(32).toString('base64url');
  const signer = new TokenSigner(key, config.DIRECTLINE_TOKEN_TTL_SECONDS);
  const directLine = directLineModule({
    service,
    live,
    signer,
    attachments: new AttachmentUrls(key, config.DIRECTLINE_TOKEN_TTL_SECONDS),
    origins,
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
            issueToken: (conversationId) => issueDemoToken(store, signer, DEMO_BUYER_ID, conversationId),
            orders: options.demoOrders ?? (async () => []),
          },
        }
      : {},
  );
  const sink = directLineSink(service);
  const webchat: Webchat = { httpModules: [directLine, assets], sink, sinks: [sink], service, secret };
  if (options.clauses) {
    const text = options.clauses.text;
    webchat.httpModules.push(clausesModule({ clause: text, origins, publicUrl: config.PUBLIC_URL }));
  }
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

const SECRET_FILE = 'directline-secret';

/** The sandbox's generated site secret, kept in DATA_DIR (owner-only) so a restart keeps tokens valid. */
function sandboxSecret(dataDir: string | undefined): string {
  if (!dataDir) return randomBytes(32).toString('base64url');
  const file = join(dataDir, SECRET_FILE);
  try {
    const kept = readFileSync(file, 'utf8').trim();
    if (kept.length >= 32) return kept;
  } catch {}
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

/**
 * Each /demo visitor gets a conversation of their own (remembered by a cookie), all signed in as the
 * demo buyer whose orders are the seeded ones.
 */
async function issueDemoToken(
  store: ActivityStore,
  signer: TokenSigner,
  buyerId: string,
  conversationId: string | undefined,
): Promise<{ conversationId: string; token: string; expires_in: number }> {
  if (!conversationId) return issueConversationToken(signer, buyerId);
  const existing = await store.getConversation(conversationId);
  // Not opened yet (the widget opens it with this token), or the demo buyer's: the visitor's own.
  const mine = !existing || existing.buyerId === buyerId;
  return issueConversationToken(signer, buyerId, mine ? conversationId : undefined);
}

function openActivityStore(db: SqliteDatabase): ActivityStore {
  applyMigrations(db, WEBCHAT_MIGRATION_MODULE, webchatMigrations);
  return sqliteActivityStore(db);
}

const SCENARIO_ZH: Record<string, string> = {
  not_delivered: '付款后没到账 / 超时未发货',
  duplicate_charge: '重复扣款',
  defective: '卡密无效、无法激活',
  wrong_item: '发错商品',
  not_as_described: '与描述不符',
  no_reason: '无理由退款',
  used_goods: '已使用想退款',
  supplier_refused: '供应商拒绝，申请平台介入',
  appeal: '审核被拒，申诉',
  refund_status: '查询退款进度',
};
const STATUS_ZH: Record<Order['status'], string> = {
  pending_payment: '待付款',
  paid: '已付款',
  delivering: '发货中',
  delivered: '已发货',
  refunded: '已退款',
  closed: '已关闭',
};

/** The seeded demo buyer's orders, for the table on /demo. */
export function sandboxDemoOrders(platform: Platform): () => Promise<DemoOrder[]> {
  return async () => {
    const rows: DemoOrder[] = [];
    for (const demo of DEMO_CASES) {
      const order = await platform.getOrder(demo.orderNo);
      if (!order || order.buyerId !== DEMO_BUYER.buyerId) continue;
      const scenario = /^[a-z_]+/.exec(demo.try)?.[0] ?? '';
      rows.push({
        orderNo: order.orderNo,
        product: order.product.name,
        amount: `¥${order.amount.toFixed(2)}`,
        status: STATUS_ZH[order.status],
        hint: SCENARIO_ZH[scenario] ?? demo.try,
      });
    }
    return rows;
  };
}
