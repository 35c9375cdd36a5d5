/**
 * Wires the dialog manager: the bot definition (validated against knowledge/), the turn pipeline over
 * the ports, the REST channel, the registry of channel sinks, the decision notifier on `ticketUpdates`,
 * and the outbox handlers that retry ticket creation while the platform is down.
 */
import { resolve } from 'node:path';
import { restCallbackSink, restChannel } from '../adapters/rest/index.js';
import type { Config } from '../src/config/env.js';
import type { Topic } from '../src/core/events.js';
import type { Logger } from '../src/core/log.js';
import type { Bot } from '../src/core/messages.js';
import { knowledgeClauseIds, loadDialogDefinition } from '../src/definition/dialog.js';
import { createDialog, type Dialog } from '../src/dialog/bot.js';
import type { DialogDeps } from '../src/dialog/context.js';
import { createNotifier } from '../src/dialog/notifier.js';
import { dialogOutbox } from '../src/dialog/outbox-handlers.js';
import { ChannelSinks } from '../src/dialog/sinks.js';
import type { EvidenceIntake } from '../src/ports/evidence.js';
import type { ImageTextReader } from '../src/ports/image-text-reader.js';
import type { Platform, Ticket } from '../src/ports/platform.js';
import type { Recorder } from '../src/ports/recorder.js';
import type { Retriever } from '../src/ports/retriever.js';
import type { Storage } from '../src/ports/storage.js';
import type { Understander } from '../src/ports/understander.js';
import type { HttpModule } from '../src/server/app.js';
import type { BodyBudget } from '../src/server/body.js';
import { createOutboxWorker, type OutboxWorker } from '../src/tickets/outbox-worker.js';

export interface BotWiring {
  bot: Bot;
  dialog: Dialog;
  /** Channel adapters register their sink here so pushed messages reach the buyer. */
  sinks: ChannelSinks;
  outbox: OutboxWorker;
  httpModules: HttpModule[];
  close(): Promise<void>;
}

export interface BotWiringOptions {
  config: Config;
  log: Logger;
  storage: Storage;
  platform: Platform;
  ticketUpdates: Topic<Ticket>;
  understander: Understander;
  retriever: Retriever;
  recorder: Recorder;
  evidence: EvidenceIntake;
  /** Reads payment receipts; without it they are stored unread. */
  ocr?: ImageTextReader;
  /** Request bodies in memory, all requests together (BODY_MEMORY_MAX_BYTES). */
  budget?: BodyBudget;
  now?: () => Date;
}

export function createBot(options: BotWiringOptions): BotWiring {
  const { config, storage, platform } = options;
  const log = options.log.child({ module: 'dialog' });
  const definition = loadDialogDefinition({
    botsDir: resolve(config.BOTS_DIR),
    clauseIds: knowledgeClauseIds(resolve(config.KNOWLEDGE_DIR)),
  });
  const deps: DialogDeps = {
    definition,
    platform,
    understander: options.understander,
    retriever: options.retriever,
    recorder: options.recorder,
    evidence: options.evidence,
    conversations: storage.conversations,
    tickets: storage.tickets,
    outbox: storage.outbox,
    ownership: storage.ownership,
    log,
    now: options.now ?? (() => new Date()),
    ...(options.ocr ? { ocr: options.ocr } : {}),
  };
  const dialog = createDialog(deps);
  const sinks = new ChannelSinks();
  sinks.register(restCallbackSink({ url: config.REST_CALLBACK_URL, secret: config.REST_CHANNEL_SECRET, log }));
  const notify = createNotifier(deps, dialog, sinks);
  const unsubscribe = options.ticketUpdates.subscribe(notify);
  const { handlers, onDead } = dialogOutbox(deps, dialog, sinks);
  const outbox = createOutboxWorker({
    outbox: storage.outbox,
    handlers,
    onDead,
    log,
    intervalMs: 2_000,
    now: deps.now,
  });
  outbox.start();
  return {
    bot: { handle: (message) => dialog.handle(message), greet: (start) => dialog.greet(start) },
    dialog,
    sinks,
    outbox,
    httpModules: [
      restChannel({
        bot: dialog,
        secret: config.REST_CHANNEL_SECRET,
        openWithoutSecret: config.openWithoutSecrets,
        maxAttachmentBytes: config.ATTACHMENT_MAX_BYTES,
        maxRequestAttachmentBytes: config.ATTACHMENT_REQUEST_MAX_BYTES,
        ...(options.budget ? { budget: options.budget } : {}),
        log,
      }),
    ],
    async close() {
      unsubscribe();
      await outbox.stop();
    },
  };
}
