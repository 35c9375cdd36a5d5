/**
 * telegram-test-api, started by the test, fronted by a small HTTP server that adds what the emulator
 * lacks: getFile and the file download path (photos and documents), sendChatAction, and a
 * getUpdates that waits for updates like Telegram's long polling instead of returning at once.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TelegramServer } from 'telegram-test-api/lib/telegramServer.js';
import { vi } from 'vitest';

export const BOT_TOKEN = '123456:TEST-token';

export interface BotMessage {
  messageId: number;
  chatId: number;
  text: string;
  replyMarkup?: { inline_keyboard: { text: string; callback_data?: string }[][] };
  parseMode?: string;
}

interface StoredFile {
  bytes: Uint8Array;
  path: string;
  uniqueId: string;
  /** Reported size, when it should differ from the bytes (to play a 25 MB file). */
  reportedSize?: number;
}

export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address() as AddressInfo;
  await new Promise((r) => probe.close(r));
  return port;
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  if (!raw) return {};
  if ((req.headers['content-type'] ?? '').includes('json')) return JSON.parse(raw) as Record<string, unknown>;
  return Object.fromEntries(new URLSearchParams(raw));
}

export class TelegramHarness {
  readonly emulator: TelegramServer;
  readonly chatActions: { chatId: number; action: string }[] = [];
  /** The webhook the bot registered with setWebhook, as Telegram would keep it. */
  webhook: { url: string; secretToken?: string } | undefined;
  deletedWebhooks = 0;
  /** Answers to give instead of the real ones, per Bot API method, first in first out. */
  readonly #failures = new Map<string, { status: number; retryAfter?: number }[]>();
  readonly #files = new Map<string, StoredFile>();
  #front: Server | undefined;
  apiRoot = '';
  #nextUserMessageId = 100_000;

  private constructor(emulator: TelegramServer) {
    this.emulator = emulator;
  }

  static async start(): Promise<TelegramHarness> {
    const emulator = new TelegramServer({ port: await freePort(), host: '127.0.0.1', storeTimeout: 600 });
    await emulator.start();
    const harness = new TelegramHarness(emulator);
    // The emulator's Express app: everything we do not add ourselves goes to it.
    const express = (emulator as unknown as { webServer: RequestListener }).webServer;
    harness.#front = createServer((req, res) => {
      harness.#route(req, res, express).catch((err: unknown) => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: false, error_code: 500, description: String(err) }));
      });
    });
    await new Promise<void>((r) => harness.#front?.listen(0, '127.0.0.1', r));
    harness.apiRoot = `http://127.0.0.1:${(harness.#front.address() as AddressInfo).port}`;
    return harness;
  }

  async #route(req: IncomingMessage, res: Parameters<RequestListener>[1], express: RequestListener): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const json = (result: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true, result }));
    };
    const fileMatch = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (fileMatch) {
      const file = [...this.#files.values()].find((f) => f.path === fileMatch[2]);
      if (!file || fileMatch[1] !== BOT_TOKEN) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(file.bytes);
      return;
    }
    const method = /^\/bot([^/]+)\/(\w+)$/.exec(url.pathname);
    const failure = method?.[2] ? this.#failures.get(method[2])?.shift() : undefined;
    if (failure) {
      res.writeHead(failure.status, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          ok: false,
          error_code: failure.status,
          description: failure.status === 429 ? `Too Many Requests: retry after ${failure.retryAfter}` : 'Bad Gateway',
          ...(failure.retryAfter === undefined ? {} : { parameters: { retry_after: failure.retryAfter } }),
        }),
      );
      return;
    }
    if (method?.[2] === 'getFile') {
      const body = await readBody(req);
      const file = this.#files.get(String(body.file_id));
      if (!file) {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: false, error_code: 400, description: 'Bad Request: invalid file_id' }));
        return;
      }
      const size = file.reportedSize ?? file.bytes.byteLength;
      if (size > 20 * 1024 * 1024) {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: false, error_code: 400, description: 'Bad Request: file is too big' }));
        return;
      }
      json({ file_id: body.file_id, file_unique_id: file.uniqueId, file_size: size, file_path: file.path });
      return;
    }
    if (method?.[2] === 'setWebhook') {
      const body = await readBody(req);
      this.webhook = {
        url: String(body.url),
        ...(body.secret_token === undefined ? {} : { secretToken: String(body.secret_token) }),
      };
      json(true);
      return;
    }
    if (method?.[2] === 'deleteWebhook') {
      this.webhook = undefined;
      this.deletedWebhooks++;
      json(true);
      return;
    }
    if (method?.[2] === 'sendChatAction') {
      const body = await readBody(req);
      this.chatActions.push({ chatId: Number(body.chat_id), action: String(body.action) });
      json(true);
      return;
    }
    if (method?.[2] === 'getUpdates') {
      const body = await readBody(req);
      const token = method[1] ?? '';
      const hasUnread = () => this.emulator.storage.userMessages.some((u) => u.botToken === token && !u.isRead);
      const waitMs = Math.min(Number(body.timeout ?? 0), 1) * 1000;
      if (!hasUnread() && waitMs > 0) await this.#waitForUserUpdate(waitMs);
      json(this.emulator.getUpdates(token));
      return;
    }
    express(req, res);
  }

  #waitForUserUpdate(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const events = ['AddedUserMessage', 'AddedUserCommand', 'AddedUserCallbackQuery'];
      const done = () => {
        clearTimeout(timer);
        for (const e of events) this.emulator.off(e, done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      for (const e of events) this.emulator.on(e, done);
    });
  }

  /** Makes the next call of a Bot API method fail like Telegram does when flooded (429) or down (5xx). */
  failNext(method: string, failure: { status: number; retryAfter?: number }): void {
    this.#failures.set(method, [...(this.#failures.get(method) ?? []), failure]);
  }

  /** Delivers an update to the registered webhook the way Telegram does (with the secret token header). */
  async deliverToWebhook(
    update: unknown,
    secretToken: string | null | undefined = this.webhook?.secretToken,
  ): Promise<number> {
    if (!this.webhook) throw new Error('no webhook set');
    const response = await fetch(this.webhook.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(secretToken == null ? {} : { 'X-Telegram-Bot-Api-Secret-Token': secretToken }),
      },
      body: JSON.stringify(update),
    });
    await response.arrayBuffer();
    return response.status;
  }

  user(id: number, options: { languageCode?: string; firstName?: string } = {}) {
    return new TelegramUser(this, id, options.languageCode ?? 'zh-hans', options.firstName ?? `Buyer${id}`);
  }

  /** Makes bytes downloadable through getFile; returns the file_id. */
  addFile(bytes: Uint8Array, extension: string, reportedSize?: number): { fileId: string; uniqueId: string } {
    const fileId = `file-${randomBytes(6).toString('hex')}`;
    const uniqueId = randomBytes(4).toString('hex');
    this.#files.set(fileId, {
      bytes,
      path: `documents/${fileId}.${extension}`,
      uniqueId,
      ...(reportedSize === undefined ? {} : { reportedSize }),
    });
    return { fileId, uniqueId };
  }

  nextMessageId(): number {
    return this.#nextUserMessageId++;
  }

  botMessages(chatId: number): BotMessage[] {
    return this.emulator.storage.botMessages
      .filter((u) => Number(u.message.chat_id) === chatId)
      .map((u) => {
        const m = u.message as unknown as {
          text: string;
          parse_mode?: string;
          reply_markup?: BotMessage['replyMarkup'] | Record<string, unknown>;
        };
        const markup = m.reply_markup && 'inline_keyboard' in m.reply_markup ? m.reply_markup : undefined;
        return {
          messageId: u.messageId,
          chatId,
          text: m.text,
          ...(markup ? { replyMarkup: markup as BotMessage['replyMarkup'] } : {}),
          ...(m.parse_mode ? { parseMode: m.parse_mode } : {}),
        };
      });
  }

  /** Waits until the chat has at least `count` bot messages, and returns them all. */
  async waitForBotMessages(chatId: number, count: number, timeout = 15_000): Promise<BotMessage[]> {
    return vi.waitFor(
      () => {
        const messages = this.botMessages(chatId);
        if (messages.length < count) throw new Error(`chat ${chatId}: ${messages.length} of ${count} bot messages`);
        return messages;
      },
      { timeout, interval: 25 },
    );
  }

  async stop(): Promise<void> {
    await new Promise((r) => this.#front?.close(r));
    this.#front?.closeAllConnections();
    await this.emulator.stop();
  }
}

/** A buyer in a private chat with the bot (chat id = user id, as in Telegram). */
export class TelegramUser {
  constructor(
    readonly harness: TelegramHarness,
    readonly id: number,
    readonly languageCode: string,
    readonly firstName: string,
  ) {}

  get from() {
    return { id: this.id, is_bot: false, first_name: this.firstName, language_code: this.languageCode };
  }
  get chat() {
    return { id: this.id, type: 'private' as const, first_name: this.firstName };
  }

  /** The raw Bot API update for a message, for webhook tests. */
  update(updateId: number, fields: Record<string, unknown>) {
    return {
      update_id: updateId,
      message: {
        message_id: this.harness.nextMessageId(),
        date: Math.floor(Date.now() / 1000),
        from: this.from,
        chat: this.chat,
        ...fields,
      },
    };
  }

  async says(text: string): Promise<void> {
    const message = {
      botToken: BOT_TOKEN,
      date: Math.floor(Date.now() / 1000),
      from: this.from,
      chat: this.chat,
      text,
    };
    if (text.startsWith('/')) {
      const command = text.split(' ')[0] ?? text;
      await this.harness.emulator.addUserCommand({
        ...message,
        entities: [{ type: 'bot_command', offset: 0, length: command.length }],
      });
    } else await this.harness.emulator.addUserMessage(message);
  }

  async sendsPhoto(bytes: Uint8Array, caption?: string): Promise<void> {
    const { fileId, uniqueId } = this.harness.addFile(bytes, 'jpg');
    const small = this.harness.addFile(bytes.slice(0, Math.min(bytes.length, 64)), 'jpg');
    const photo = [
      { file_id: small.fileId, file_unique_id: small.uniqueId, width: 90, height: 90, file_size: 64 },
      { file_id: fileId, file_unique_id: uniqueId, width: 1280, height: 960, file_size: bytes.byteLength },
    ];
    await this.#addRaw({ photo, ...(caption ? { caption } : {}) });
  }

  async sendsDocument(bytes: Uint8Array, name: string, mime: string, reportedSize?: number): Promise<void> {
    const { fileId, uniqueId } = this.harness.addFile(bytes, name.split('.').pop() ?? 'bin', reportedSize);
    await this.#addRaw({
      document: {
        file_id: fileId,
        file_unique_id: uniqueId,
        file_name: name,
        mime_type: mime,
        file_size: reportedSize ?? bytes.byteLength,
      },
    });
  }

  /** Presses a button of a bot message. */
  async presses(message: BotMessage, title: string): Promise<void> {
    const button = message.replyMarkup?.inline_keyboard.flat().find((b) => b.text === title);
    if (!button?.callback_data) throw new Error(`no button "${title}" on message ${message.messageId}`);
    await this.harness.emulator.addUserCallback({
      botToken: BOT_TOKEN,
      date: Math.floor(Date.now() / 1000),
      from: this.from,
      data: button.callback_data,
      message: {
        message_id: message.messageId,
        chat: this.chat,
        date: Math.floor(Date.now() / 1000),
        text: message.text,
        ...(message.replyMarkup ? { reply_markup: message.replyMarkup } : {}),
      } as never,
    });
  }

  async #addRaw(fields: Record<string, unknown>): Promise<void> {
    await this.harness.emulator.addUserMessage({
      botToken: BOT_TOKEN,
      date: Math.floor(Date.now() / 1000),
      from: this.from,
      chat: this.chat,
      ...fields,
    } as never);
  }
}
