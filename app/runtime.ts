/**
 * The composition root: builds the adapters chosen by configuration and hands them to the core.
 * Only app/ imports both src/ and adapters/.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { openSqliteStorage } from '../adapters/storage-sqlite/index.js';
import type { Config } from '../src/config/env.js';
import { Topic } from '../src/core/events.js';
import type { Logger } from '../src/core/log.js';
import type { Platform, Ticket } from '../src/ports/platform.js';
import type { Retriever } from '../src/ports/retriever.js';
import type { Storage } from '../src/ports/storage.js';
import type { Understander } from '../src/ports/understander.js';
import type { HttpModule } from '../src/server/app.js';
import { BodyBudget } from '../src/server/body.js';
import { createMetrics, type Metrics } from '../src/server/metrics.js';
import { type BotWiring, createBot } from './bot.js';
import { agentAuth, createConsole } from './console.js';
import { createKnowledge } from './knowledge.js';
import { createNlu } from './nlu.js';
import { createOcr } from './ocr.js';
import { createPlatform } from './platform.js';
import { createTelegram } from './telegram.js';
import { createTranscript, type TranscriptWiring } from './transcript.js';
import { createWebchat, sandboxDemoOrders } from './webchat.js';

export interface Runtime {
  config: Config;
  log: Logger;
  metrics: Metrics;
  dataDir: string;
  storage: Storage;
  platform: Platform;
  understander: Understander;
  /** Recorder, evidence store, verify/export (issue 5). */
  transcript: TranscriptWiring;
  /** Policy clauses (SPEC §5), hybrid BM25 + vector retrieval. */
  retriever: Retriever;
  /** The dialog (issue 6): `dialog.bot` for channel adapters; they register their ChannelSink in `dialog.sinks`. */
  dialog: BotWiring;
  /** Ticket updates from the platform webhook, for the channels to tell buyers. */
  ticketUpdates: Topic<Ticket>;
  httpModules: HttpModule[];
  /** Called once the server listens: starts background work that needs the public URL. */
  listening(): void;
  close(): Promise<void>;
}

export async function createRuntime(
  config: Config,
  log: Logger,
  options: { metrics?: Metrics } = {},
): Promise<Runtime> {
  const dataDir = resolve(config.DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  const metrics = options.metrics ?? createMetrics();
  const storage = await openSqliteStorage({ file: resolve(dataDir, 'refund-desk.sqlite') });
  const closers: Array<() => Promise<void> | void> = [() => storage.close()];
  const ticketUpdates = new Topic<Ticket>();
  const knowledge = await createKnowledge({ config, log, dataDir });
  const platform = await createPlatform({ config, log, dataDir, ticketUpdates });
  closers.push(platform.close);
  const nlu = createNlu(config, log);
  const consoleAuth = agentAuth(storage.db, undefined, () => [new URL(config.publicUrl).origin]);
  const transcript = createTranscript({ config, dataDir, storage, log, authorize: consoleAuth.authorize });
  const { recorder, evidence } = transcript;
  const { understander } = nlu;
  const { retriever } = knowledge;
  const ocr = createOcr(config, log);
  closers.push(() => ocr.close());
  const dialog = createBot({
    config,
    log,
    storage,
    platform: platform.port,
    ticketUpdates,
    understander,
    retriever,
    recorder,
    evidence,
    ocr,
    budget: new BodyBudget(config.BODY_MEMORY_MAX_BYTES),
  });
  closers.push(dialog.close);
  const webchat = createWebchat({
    config,
    log: log.child({ module: 'webchat' }),
    bot: dialog.bot,
    db: storage.db,
    dataDir,
    evidence,
    clauses: {
      label: (id, lang) =>
        dialog.dialog.render.has(lang, `clause.${id}`) ? dialog.dialog.render.t(lang, `clause.${id}`) : undefined,
      text: (id, lang) => knowledge.retriever.clause(id, lang),
    },
    demoOrders: sandboxDemoOrders(platform.port),
  });
  for (const sink of webchat.sinks) dialog.sinks.register(sink);
  const telegram = createTelegram({
    config,
    log,
    desk: dialog.bot,
    db: storage.db,
    conversations: storage.conversations,
    recorder,
    metrics,
  });
  if (telegram.sink) dialog.sinks.register(telegram.sink);
  closers.push(telegram.close);
  void telegram.start();
  const agentConsole = createConsole({
    config,
    log,
    db: storage.db,
    storage,
    platform: platform.port,
    // The dialog's notifier keeps the local ticket status (in each conversation's turn order).
    consoleAuth,
    evidence,
    retriever,
  });

  return {
    config,
    log,
    metrics,
    dataDir,
    storage,
    platform: platform.port,
    understander: nlu.understander,
    transcript,
    retriever: knowledge.retriever,
    dialog,
    ticketUpdates,
    httpModules: [
      ...platform.httpModules,
      ...nlu.httpModules,
      // Before the transcript routes: its middleware (session, CSRF, security headers) covers /api/agent/*.
      agentConsole.httpModule,
      transcript.httpModule,
      ...knowledge.httpModules,
      ...dialog.httpModules,
      ...webchat.httpModules,
      ...telegram.httpModules,
    ],
    listening: () => platform.start(),
    async close() {
      for (const close of closers.reverse()) await close();
    },
  };
}
