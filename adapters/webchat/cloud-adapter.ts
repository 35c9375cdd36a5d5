/**
 * Bot Framework CloudAdapter on /api/messages, so Azure Bot Service channels and the Bot Framework
 * Emulator reach the bot. botbuilder stays here: activities become InboundMessages and replies
 * become activities. The buyer is not authenticated by these channels (no buyerId): the dialog's
 * ownership check applies.
 */
import {
  type Activity,
  ActivityTypes,
  type Request as BotRequest,
  type Response as BotResponse,
  type CardAction,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConversationReference,
  TurnContext,
} from 'botbuilder';
import type { Hono } from 'hono';
import type { JsonObject } from '../../src/core/json.js';
import type { Logger } from '../../src/core/log.js';
import type { Bot, InboundAttachment, InboundMessage, OutboundMessage } from '../../src/core/messages.js';
import type { ChannelSink } from '../../src/ports/channel-sink.js';
import type { HttpModule } from '../../src/server/app.js';
import { readLimited } from '../../src/server/body.js';
import { ApiError } from '../../src/server/errors.js';

export interface CloudAdapterOptions {
  bot: Bot;
  log: Logger;
  /** Empty credentials accept unauthenticated requests (the Emulator without an app id; tests). */
  credentials: {
    MicrosoftAppId?: string;
    MicrosoftAppPassword?: string;
    MicrosoftAppType?: string;
    MicrosoftAppTenantId?: string;
  };
  maxAttachmentBytes: number;
}

export interface BotFrameworkChannel {
  module: HttpModule;
  sink: ChannelSink;
}

export function botFrameworkChannel(options: CloudAdapterOptions): BotFrameworkChannel {
  const { bot, log } = options;
  const appId = options.credentials.MicrosoftAppId ?? '';
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({ ...options.credentials }));
  adapter.onTurnError = async (context, error) => {
    log.error({ err: error, conversationId: context.activity.conversation?.id }, 'bot framework turn failed');
    await context.sendActivity('抱歉，系统暂时出了点问题，请稍后再试。Sorry, something went wrong; please try again.');
  };

  const turn = async (context: TurnContext) => {
    const activity = context.activity;
    if (activity.type !== ActivityTypes.Message) return;
    await context.sendActivity({ type: ActivityTypes.Typing });
    const reference = TurnContext.getConversationReference(activity);
    const attachments = await download(activity, options.maxAttachmentBytes, log);
    const inbound: InboundMessage = {
      channel: 'botframework',
      conversationId: `botframework:${activity.channelId}:${activity.conversation.id}`,
      address: { reference: JSON.parse(JSON.stringify(reference)) as JsonObject },
      userId: activity.from.id,
      ...(typeof activity.text === 'string' ? { text: activity.text } : {}),
      ...(attachments.length > 0 ? { attachments } : {}),
      ...(activity.id ? { messageId: activity.id } : {}),
      ...(activity.locale ? { locale: activity.locale } : {}),
    };
    const replies = await bot.handle(inbound);
    if (replies.length > 0) await context.sendActivities(replies.map((m) => toActivity(m, activity.from.id)));
  };

  return {
    module: {
      name: 'webchat-botframework',
      mount(app: Hono) {
        app.post('/api/messages', async (c) => {
          const raw = await readLimited(c.req.raw, 1024 * 1024);
          let body: Record<string, unknown>;
          try {
            body = JSON.parse(new TextDecoder().decode(raw)) as Record<string, unknown>;
          } catch {
            throw new ApiError(400, 'BadSyntax', 'the body is not valid JSON');
          }
          const headers: Record<string, string> = {};
          c.req.raw.headers.forEach((value, key) => {
            headers[key] = value;
          });
          const res = new ResponseShim();
          await adapter.process({ body, headers, method: 'POST' } satisfies BotRequest, res, turn);
          return res.toResponse();
        });
      },
    },
    sink: {
      channel: 'botframework',
      async deliver(conversation, messages) {
        const reference = conversation.address.reference as Partial<ConversationReference> | undefined;
        if (!reference?.conversation) throw new Error(`conversation ${conversation.id} has no Bot Framework address`);
        const userId = reference.user?.id ?? '';
        await adapter.continueConversationAsync(appId, reference, async (context) => {
          await context.sendActivities(messages.map((m) => toActivity(m, userId)));
        });
      },
    },
  };
}

function toActivity(message: OutboundMessage, userId: string): Partial<Activity> {
  const channelData: JsonObject = {};
  if (message.expecting) channelData.expecting = JSON.parse(JSON.stringify(message.expecting)) as JsonObject;
  if (message.citations?.length) channelData.citations = [...message.citations];
  const actions = (message.expecting?.options ?? []).map(
    (o): CardAction => ({ type: 'imBack', title: o.title, value: o.payload }),
  );
  return {
    type: ActivityTypes.Message,
    text: message.text,
    textFormat: 'plain',
    locale: message.lang === 'zh' ? 'zh-CN' : 'en-US',
    ...(actions.length > 0 ? { suggestedActions: { to: [userId], actions } } : {}),
    ...(Object.keys(channelData).length > 0 ? { channelData } : {}),
  };
}

/** Files the channel sent as links; fetched with a size limit, type sniffed later by the evidence store. */
async function download(activity: Activity, maxBytes: number, log: Logger): Promise<InboundAttachment[]> {
  const files: InboundAttachment[] = [];
  for (const a of (activity.attachments ?? []).slice(0, 10)) {
    if (!a.contentUrl || !/^https?:\/\//.test(a.contentUrl)) continue;
    try {
      const res = await fetch(a.contentUrl, { signal: AbortSignal.timeout(10_000) });
      if (!res.ok) continue;
      const bytes = await readLimited(
        new Request(a.contentUrl, { method: 'POST', body: res.body, duplex: 'half' } as RequestInit),
        maxBytes,
      );
      files.push({
        bytes,
        ...(a.name ? { name: a.name } : {}),
        ...(a.contentType ? { contentType: a.contentType } : {}),
      });
    } catch (err) {
      log.warn({ err, conversationId: activity.conversation.id }, 'bot framework attachment not downloaded');
    }
  }
  return files;
}

/** The Express-style response botbuilder writes to, turned into a fetch Response. */
class ResponseShim implements BotResponse {
  socket = null;
  #status = 200;
  #headers = new Headers();
  #body: string | undefined;

  status(code: number) {
    this.#status = code;
    return this;
  }
  header(name: string, value: unknown) {
    this.#headers.set(name, String(value));
    return this;
  }
  send(body?: unknown) {
    if (body !== undefined) {
      this.#body = typeof body === 'string' ? body : JSON.stringify(body);
      if (typeof body !== 'string' && !this.#headers.has('content-type'))
        this.#headers.set('content-type', 'application/json');
    }
    return this;
  }
  end() {
    return this;
  }
  toResponse(): Response {
    return new Response(this.#status === 204 ? null : (this.#body ?? null), {
      status: this.#status,
      headers: this.#headers,
    });
  }
}
