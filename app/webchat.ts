/** Wiring of the web chat channel: Direct Line endpoint, Web Chat assets, demo page, ChannelSink. */
import { randomBytes } from 'node:crypto';
import { DEMO_BUYER, DEMO_CASES } from '../adapters/platform/sandbox/index.js';
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
import type { Order, Platform } from '../src/ports/platform.js';
import type { HttpModule } from '../src/server/app.js';

export const DEMO_BUYER_ID = DEMO_BUYER.buyerId;

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
