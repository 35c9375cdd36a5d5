/**
 * The Direct Line conversation engine: stores the buyer's activity (the echo the client waits for),
 * runs the bot turn behind a typing indicator, stores and streams the replies. Turns of one
 * conversation run one after another so replies keep their order.
 */
import { randomUUID } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import type { Lang } from '../../src/core/domain.js';
import type { Logger } from '../../src/core/log.js';
import type {
  Bot,
  ConversationStart,
  InboundAttachment,
  InboundMessage,
  OutboundMessage,
} from '../../src/core/messages.js';
import type { EvidenceIntake } from '../../src/ports/evidence.js';
import {
  type Account,
  type Activity,
  type ActivityAttachment,
  botDraft,
  echoDraft,
  type PostedActivity,
  typingActivity,
} from './activity.js';
import { ATTACHMENT_PATH } from './attachments.js';
import type { LiveFeed } from './live.js';
import type { ActivityStore, DirectLineConversation } from './store.js';

const TYPING_REPEAT_MS = 3000;

export const SHOWN_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf']);

export interface UploadedFile {
  name: string;
  contentType?: string;
  bytes: Uint8Array;
}

export interface DirectLineServiceOptions {
  store: ActivityStore;
  bot: Bot;
  live: LiveFeed;
  log: Logger;
  /** The clause names as the bot's texts spell them, so citations become links. */
  clauseLabel?: (id: string, lang: Lang) => string | undefined;
  /** Reads stored evidence so files the bot sends (by sha256) can be shown; optional. */
  evidence?: Pick<EvidenceIntake, 'read'>;
}

/** Stored with the file's path; the endpoint signs it each time it sends the activity. */
function shownAttachment(contentType: string, id: string, name: string): ActivityAttachment {
  const contentUrl = `${ATTACHMENT_PATH}${id}`;
  return { contentType, contentUrl, name, ...(contentType.startsWith('image/') ? { thumbnailUrl: contentUrl } : {}) };
}

/** Our core conversation id for a Direct Line conversation. */
export const coreConversationId = (directLineId: string): string => `webchat:${directLineId}`;

export class DirectLineService {
  readonly #queues = new Map<string, Promise<void>>();

  constructor(private readonly options: DirectLineServiceOptions) {}

  get store(): ActivityStore {
    return this.options.store;
  }

  /**
   * Takes a buyer's activity. Returns the stored echo (or the earlier one when the client retried
   * with the same clientActivityID); the bot's replies follow on the stream.
   */
  async receive(
    conversation: DirectLineConversation,
    posted: PostedActivity,
    files: UploadedFile[],
  ): Promise<Activity> {
    const { store, live } = this.options;
    const clientId = posted.channelData?.clientActivityID;
    if (clientId) {
      const earlier = await store.findByClientActivityId(conversation.id, clientId);
      if (earlier) return earlier;
    }
    const user: Account = {
      id: conversation.buyerId,
      role: 'user',
      ...(posted.from?.name ? { name: posted.from.name } : {}),
    };
    const shown: ActivityAttachment[] = [];
    const inboundFiles: InboundAttachment[] = [];
    for (const file of files) {
      const sniffed = (await fileTypeFromBuffer(file.bytes))?.mime;
      const contentType = sniffed && SHOWN_TYPES.has(sniffed) ? sniffed : 'application/octet-stream';
      const id = randomUUID();
      await store.putUpload({ id, conversationId: conversation.id, name: file.name, contentType, bytes: file.bytes });
      shown.push(shownAttachment(contentType, id, file.name));
      inboundFiles.push({
        name: file.name,
        bytes: file.bytes,
        ...(file.contentType ? { contentType: file.contentType } : {}),
      });
    }
    const echo = await store.append(conversation.id, echoDraft(posted, user, shown));
    live.changed(conversation.id);
    if (posted.type === 'message') {
      const inbound: InboundMessage = {
        channel: 'webchat',
        conversationId: coreConversationId(conversation.id),
        address: { directLineConversationId: conversation.id, userId: conversation.buyerId },
        buyerId: conversation.buyerId,
        userId: conversation.buyerId,
        messageId: echo.id,
        ...(posted.text !== undefined ? { text: posted.text } : {}),
        ...(inboundFiles.length > 0 ? { attachments: inboundFiles } : {}),
        ...(posted.locale ? { locale: posted.locale } : conversation.locale ? { locale: conversation.locale } : {}),
      };
      this.#enqueue(conversation.id, () => this.#turn(conversation, echo, inbound));
    }
    return echo;
  }

  /** A new conversation: the bot's greeting comes first, before anything the buyer sends. */
  start(conversation: DirectLineConversation): void {
    const greet = this.options.bot.greet;
    if (!greet) return;
    const start: ConversationStart = {
      channel: 'webchat',
      conversationId: coreConversationId(conversation.id),
      address: { directLineConversationId: conversation.id, userId: conversation.buyerId },
      buyerId: conversation.buyerId,
      userId: conversation.buyerId,
      ...(conversation.locale ? { locale: conversation.locale } : {}),
    };
    this.#enqueue(conversation.id, async () => this.#send(conversation, await greet(start), {}));
  }

  /** Messages the buyer did not just ask for (decisions): stored, and streamed when the chat is open. */
  async push(conversationId: string, messages: OutboundMessage[]): Promise<void> {
    const conversation = await this.options.store.getConversation(conversationId);
    if (!conversation) throw new Error(`unknown Direct Line conversation ${conversationId}`);
    await new Promise<void>((resolve, reject) => {
      this.#enqueue(conversationId, () => this.#send(conversation, messages, { pushed: true }).then(resolve, reject));
    });
  }

  /** Resolves when every queued turn has finished (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.#queues.size > 0) await Promise.all([...this.#queues.values()]);
  }

  #enqueue(conversationId: string, work: () => Promise<void>): void {
    const previous = this.#queues.get(conversationId) ?? Promise.resolve();
    const next = previous.then(work).catch((err: unknown) => {
      this.options.log.error({ err, conversationId }, 'direct line turn failed');
    });
    this.#queues.set(conversationId, next);
    void next.then(() => {
      if (this.#queues.get(conversationId) === next) this.#queues.delete(conversationId);
    });
  }

  async #turn(conversation: DirectLineConversation, echo: Activity, inbound: InboundMessage) {
    const { bot, live, log } = this.options;
    // Web Chat hides a typing indicator after a few seconds: repeat it while the bot works.
    const typing = () => live.transient(conversation.id, typingActivity(conversation.id, new Date()));
    typing();
    const keepTyping = setInterval(typing, TYPING_REPEAT_MS);
    let replies: OutboundMessage[];
    try {
      replies = await bot.handle(inbound).finally(() => clearInterval(keepTyping));
    } catch (err) {
      log.error({ err, conversationId: conversation.id }, 'bot failed on a web chat message');
      const zh = !(inbound.locale ?? conversation.locale ?? 'zh').toLowerCase().startsWith('en');
      replies = [
        zh
          ? { lang: 'zh', text: '抱歉，系统暂时出了点问题，请稍后再发一次。您的消息已记录。' }
          : { lang: 'en', text: 'Sorry, something went wrong on our side. Please send that again in a moment.' },
      ];
    }
    await this.#send(conversation, replies, { replyToId: echo.id });
  }

  async #send(
    conversation: DirectLineConversation,
    messages: OutboundMessage[],
    options: { replyToId?: string; pushed?: boolean },
  ): Promise<void> {
    const { store, live } = this.options;
    for (const message of messages) {
      const attachments = await this.#botAttachments(conversation, message);
      const clauseLabel = this.options.clauseLabel;
      const draft = botDraft(message, {
        userId: conversation.buyerId,
        attachments,
        ...options,
        ...(clauseLabel ? { clauseLabel } : {}),
      });
      await store.append(conversation.id, draft);
      live.changed(conversation.id);
    }
  }

  async #botAttachments(conversation: DirectLineConversation, message: OutboundMessage): Promise<ActivityAttachment[]> {
    const evidence = this.options.evidence;
    if (!evidence || !message.attachments) return [];
    const shown: ActivityAttachment[] = [];
    for (const ref of message.attachments) {
      const bytes = await evidence.read(ref.sha256);
      if (!bytes) continue;
      const contentType = SHOWN_TYPES.has(ref.mime) ? ref.mime : 'application/octet-stream';
      const id = randomUUID();
      const name = ref.name ?? ref.sha256.slice(0, 12);
      await this.options.store.putUpload({ id, conversationId: conversation.id, name, contentType, bytes });
      shown.push(shownAttachment(contentType, id, name));
    }
    return shown;
  }
}
