/**
 * The Telegram channel: a grammY bot that translates updates into InboundMessages for the desk
 * (our Bot) and the desk's OutboundMessages into Telegram messages with inline keyboards.
 * Updates are de-duplicated by update_id (persisted) and handled in order per chat.
 */
import { autoRetry } from '@grammyjs/auto-retry';
import { type RunnerHandle, run, sequentialize } from '@grammyjs/runner';
import { type Context, Bot as GrammyBot, type Middleware } from 'grammy';
import type { InlineKeyboardButton, InlineKeyboardMarkup, Update, UserFromGetMe } from 'grammy/types';
import { z } from 'zod';
import type { Lang } from '../../src/core/domain.js';
import type { Logger } from '../../src/core/log.js';
import type { Bot as Desk, InboundAttachment, OutboundMessage, PromptOption } from '../../src/core/messages.js';
import type { ChannelSink } from '../../src/ports/channel-sink.js';
import type { ConversationStore } from '../../src/ports/conversation-store.js';
import type { Recorder, RecordInput } from '../../src/ports/recorder.js';
import { downloadFile } from './files.js';
import { conversationIdOf, fileOf, wordsOf } from './inbound.js';
import { renderMessage } from './render.js';
import type { TelegramStore } from './store.js';
import { langOf, texts } from './texts.js';

export const DEFAULT_API_ROOT = 'https://api.telegram.org';
const ALLOWED_UPDATES = ['message', 'callback_query'] as const;
/** callback_data of a button that was already used. */
const USED = '~used';
const CALLBACK_DATA_LIMIT = 64;

export interface TelegramChannelOptions {
  token: string;
  apiRoot?: string;
  desk: Desk;
  store: TelegramStore;
  log: Logger;
  /** When given, /unlink also removes the buyer from the chat's conversation. */
  conversations?: Pick<ConversationStore, 'get' | 'save'>;
  /** When given, what the channel answers itself (/start, /unlink, refused files) goes into the transcript too. */
  recorder?: Recorder;
  /** Skips getMe (tests). */
  botInfo?: UserFromGetMe;
  fileLimitBytes?: number;
  /** Told how each update ended, for metrics. */
  onUpdate?: (outcome: UpdateOutcome) => void;
}

export type UpdateOutcome = 'handled' | 'duplicate' | 'failed';

export interface TelegramChannel {
  bot: GrammyBot;
  sink: ChannelSink;
  /** The bot's @username, known after init(). */
  username(): string | undefined;
  init(): Promise<void>;
  startPolling(): Promise<void>;
  setWebhook(url: string, secretToken: string): Promise<void>;
  handleUpdate(update: Update): Promise<void>;
  stop(): Promise<void>;
}

const Address = z.object({ chatId: z.number().int() });

export function createTelegramChannel(options: TelegramChannelOptions): TelegramChannel {
  const { desk, store, log, token } = options;
  const apiRoot = (options.apiRoot ?? DEFAULT_API_ROOT).replace(/\/+$/, '');
  const bot = new GrammyBot(token, {
    client: { apiRoot },
    ...(options.botInfo ? { botInfo: options.botInfo } : {}),
  });
  bot.api.config.use(autoRetry({ maxRetryAttempts: 5, maxDelaySeconds: 60 }));
  let runner: RunnerHandle | undefined;

  const encodeData = (payload: string): string =>
    Buffer.byteLength(payload) <= CALLBACK_DATA_LIMIT && payload !== USED && !payload.startsWith('#')
      ? payload
      : `#${store.savePayload(payload)}`;
  const decodeData = (data: string): string | null => {
    if (data === USED) return null;
    const stored = /^#(\d+)$/.exec(data);
    return stored ? store.payload(Number(stored[1])) : data;
  };
  const keyboard = (options: readonly PromptOption[]): InlineKeyboardMarkup => ({
    inline_keyboard: options.map((o) => [{ text: o.title, callback_data: encodeData(o.payload) }]),
  });

  /**
   * A call that only tidies the chat (an old keyboard, the spinner on a pressed button): whatever
   * goes wrong — an old callback query, a deleted message, a method throwing before it returns a
   * promise — is logged and never costs the buyer the action they chose.
   */
  const cosmetic = async (what: string, call: () => Promise<unknown>): Promise<void> => {
    try {
      await call();
    } catch (err) {
      log.debug({ err }, `telegram: ${what} failed (ignored)`);
    }
  };

  const removeKeyboard = (chatId: number, messageId: number) =>
    cosmetic('removing a stale keyboard', () =>
      bot.api.editMessageReplyMarkup(chatId, messageId, { reply_markup: { inline_keyboard: [] } }),
    );

  async function send(chatId: number, messages: readonly OutboundMessage[]): Promise<void> {
    for (const message of messages) {
      for (const chunk of renderMessage(message)) {
        const sent = await bot.api.sendMessage(chatId, chunk.text, {
          link_preview_options: { is_disabled: true },
          ...(chunk.options ? { reply_markup: keyboard(chunk.options) } : {}),
        });
        if (chunk.options) {
          const stale = store.swapKeyboard(chatId, sent.message_id);
          if (stale !== null) await removeKeyboard(chatId, stale);
        }
      }
    }
  }

  /** Shows "typing…" while the desk works (Telegram clears it after 5 s, so it is repeated). */
  function typing(chatId: number): () => void {
    const ping = () => void cosmetic('typing', () => bot.api.sendChatAction(chatId, 'typing'));
    ping();
    const timer = setInterval(ping, 4000);
    return () => clearInterval(timer);
  }

  async function turn(
    ctx: Context,
    input: { text?: string; attachments?: InboundAttachment[]; messageId: string },
  ): Promise<void> {
    const chat = ctx.chat;
    const from = ctx.from;
    if (!chat || !from) return;
    const userId = String(from.id);
    const buyerId = store.buyerOf(userId);
    const stopTyping = typing(chat.id);
    let replies: OutboundMessage[];
    try {
      replies = await desk.handle({
        channel: 'telegram',
        conversationId: conversationIdOf(chat.id),
        address: { chatId: chat.id },
        userId,
        ...(buyerId ? { buyerId } : {}),
        ...(input.text === undefined ? {} : { text: input.text }),
        ...(input.attachments ? { attachments: input.attachments } : {}),
        messageId: input.messageId,
        ...(from.language_code ? { locale: from.language_code } : {}),
      });
    } finally {
      stopTyping();
    }
    await send(chat.id, replies);
  }

  /** Records what the channel handled without the desk, so the transcript stays complete (best effort). */
  async function note(ctx: Context, entries: Array<Pick<RecordInput, 'direction' | 'type' | 'payload'>>) {
    if (!options.recorder || !ctx.chat) return;
    for (const entry of entries) {
      const actor = entry.direction === 'in' ? `buyer:${ctx.from?.id}` : entry.direction === 'out' ? 'bot' : 'telegram';
      await options.recorder
        .record(conversationIdOf(ctx.chat.id), { ...entry, channel: 'telegram', actor })
        .catch((err: unknown) => log.warn({ err }, 'telegram: could not record in the transcript'));
    }
  }

  /** Answers in the buyer's interface language; the exchange is recorded before the reply is sent (SPEC §8). */
  async function say(ctx: Context, pick: (lang: Lang) => string, heard?: RecordInput['payload']): Promise<void> {
    const lang = langOf(ctx.from?.language_code);
    const text = pick(lang);
    await note(ctx, [
      ...(heard === undefined ? [] : [{ direction: 'in' as const, type: 'text' as const, payload: heard }]),
      { direction: 'out', type: 'text', payload: { text, lang } },
    ]);
    await ctx.reply(text);
  }

  const dedupe: Middleware<Context> = async (ctx, next) => {
    const updateId = ctx.update.update_id;
    if (!store.claimUpdate(updateId)) {
      log.info({ updateId }, 'telegram: redelivered update ignored');
      options.onUpdate?.('duplicate');
      return;
    }
    try {
      await next();
      options.onUpdate?.('handled');
    } catch (err) {
      options.onUpdate?.('failed');
      store.releaseUpdate(updateId);
      log.error({ err, updateId }, 'telegram: update failed');
      if (ctx.chat) await say(ctx, (l) => texts.failed[l]).catch(() => undefined);
    }
  };

  bot.use(dedupe);
  bot.use(sequentialize((ctx: Context) => (ctx.chat ? String(ctx.chat.id) : ctx.from ? `u${ctx.from.id}` : undefined)));
  bot.use(async (ctx, next) => {
    if (ctx.chat && ctx.chat.type !== 'private') {
      if (ctx.message) await say(ctx, (l) => texts.privateOnly[l]);
      else if (ctx.callbackQuery)
        await cosmetic('answering a callback', () =>
          ctx.answerCallbackQuery({ text: texts.privateOnly[langOf(ctx.from?.language_code)] }),
        );
      return;
    }
    await next();
  });

  bot.command('start', async (ctx) => {
    const code = ctx.match.trim();
    if (code === '') {
      await say(ctx, (l) => texts.welcome[l], { text: '/start' });
      return;
    }
    const result = store.redeemLinkCode(code, String(ctx.from?.id));
    if (result.ok) {
      log.info({ userId: ctx.from?.id, buyerId: result.buyerId }, 'telegram: user linked to buyer');
      await note(ctx, [
        { direction: 'system', type: 'event', payload: { event: 'buyer_linked', buyerId: result.buyerId } },
      ]);
    }
    // The code itself is a credential: it never goes into the transcript.
    await say(
      ctx,
      (l) => (result.ok ? texts.linked[l] : result.reason === 'unknown' ? texts.linkUnknown[l] : texts.linkExpired[l]),
      { text: '/start <link code>' },
    );
  });

  bot.command('unlink', async (ctx) => {
    const removed = ctx.from ? store.unbind(String(ctx.from.id)) : false;
    if (removed && ctx.chat && options.conversations) {
      const conversation = await options.conversations.get(conversationIdOf(ctx.chat.id));
      if (conversation?.buyerId) await options.conversations.save({ ...conversation, buyerId: null });
    }
    await say(ctx, (l) => (removed ? texts.unlinked[l] : texts.notLinked[l]), { text: '/unlink' });
  });

  bot.on('callback_query:data', async (ctx) => {
    const lang = langOf(ctx.from.language_code);
    const payload = decodeData(ctx.callbackQuery.data);
    if (payload === null) {
      await cosmetic('answering a callback', () => ctx.answerCallbackQuery({ text: texts.alreadyChosen[lang] }));
      return;
    }
    await cosmetic('answering a callback', () => ctx.answerCallbackQuery());
    const message = ctx.callbackQuery.message;
    if (message && ctx.chat) {
      store.clearKeyboard(ctx.chat.id, message.message_id);
      const pressed = (message.reply_markup?.inline_keyboard ?? [])
        .flat()
        .find(
          (b): b is InlineKeyboardButton.CallbackButton =>
            'callback_data' in b && b.callback_data === ctx.callbackQuery.data,
        );
      await cosmetic('marking the used keyboard', () =>
        ctx.editMessageReplyMarkup({
          reply_markup: { inline_keyboard: [[{ text: `✓ ${pressed?.text ?? payload}`, callback_data: USED }]] },
        }),
      );
    }
    await turn(ctx, { text: payload, messageId: `callback:${ctx.callbackQuery.id}` });
  });

  bot.on('message', async (ctx) => {
    const message = ctx.message;
    const file = fileOf(message);
    const text = wordsOf(message);
    if (!file && text === undefined) {
      await say(ctx, (l) => texts.unsupported[l], { text: '[a message without text, photo or document]' });
      return;
    }
    // The buyer answered in words or with a file: buttons still on screen are stale now.
    const stale = store.swapKeyboard(ctx.chat.id, null);
    if (stale !== null) await removeKeyboard(ctx.chat.id, stale);
    let attachments: InboundAttachment[] | undefined;
    if (file) {
      const download = await downloadFile(
        { api: bot.api, apiRoot, token, ...(options.fileLimitBytes ? { limitBytes: options.fileLimitBytes } : {}) },
        file,
      );
      if (!download.ok) {
        if (download.reason === 'failed') log.warn({ error: download.error }, 'telegram: file download failed');
        await note(ctx, [
          {
            direction: 'in',
            type: 'event',
            payload: {
              event: 'upload_rejected',
              reason: download.reason === 'too_large' ? 'too_large' : 'download_failed',
              name: file.name,
              bytes: (download.reason === 'too_large' ? download.size : file.size) ?? null,
            },
          },
        ]);
        await say(ctx, (l) =>
          download.reason === 'too_large' ? texts.tooLarge(download.size)[l] : texts.downloadFailed[l],
        );
        return;
      }
      attachments = [
        { name: file.name, ...(file.contentType ? { contentType: file.contentType } : {}), bytes: download.bytes },
      ];
    }
    await turn(ctx, {
      ...(text === undefined ? {} : { text }),
      ...(attachments ? { attachments } : {}),
      messageId: `${ctx.chat.id}:${message.message_id}`,
    });
  });

  bot.catch((err) => log.error({ err: err.error, updateId: err.ctx.update.update_id }, 'telegram: unhandled error'));

  return {
    bot,
    sink: {
      channel: 'telegram',
      async deliver(conversation, messages) {
        const address = Address.safeParse(conversation.address);
        if (!address.success) throw new Error(`conversation ${conversation.id} has no Telegram chat id`);
        await send(address.data.chatId, messages);
      },
    },
    username: () => (bot.isInited() ? bot.botInfo.username : undefined),
    init: () => bot.init(),
    async startPolling() {
      await bot.init();
      // A webhook left over from an earlier run would make getUpdates fail with 409.
      await bot.api.deleteWebhook();
      runner = run(bot, { runner: { fetch: { allowed_updates: [...ALLOWED_UPDATES] } } });
      log.info({ username: bot.botInfo.username }, 'telegram: long polling started');
    },
    async setWebhook(url, secretToken) {
      await bot.init();
      await bot.api.setWebhook(url, { secret_token: secretToken, allowed_updates: [...ALLOWED_UPDATES] });
      log.info({ username: bot.botInfo.username, url }, 'telegram: webhook set');
    },
    async handleUpdate(update) {
      if (!bot.isInited()) await bot.init();
      await bot.handleUpdate(update);
    },
    async stop() {
      if (runner?.isRunning()) await runner.stop();
    },
  };
}
