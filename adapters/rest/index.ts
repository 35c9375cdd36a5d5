/**
 * The REST channel for a card site's backend (SPEC §2, Rasa-compatible):
 * `POST /webhooks/rest/webhook {sender, message, attachments?}` → the bot's replies. The sender is
 * trusted as the buyer id because the caller holds REST_CHANNEL_SECRET (Bearer); without a secret the
 * channel is open only in sandbox mode. Later messages (decisions) go to REST_CALLBACK_URL.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Hono } from 'hono';
import type { Logger } from '../../src/core/log.js';
import type { Bot } from '../../src/core/messages.js';
import type { ChannelSink } from '../../src/ports/channel-sink.js';
import type { HttpModule } from '../../src/server/app.js';
import { readJson } from '../../src/server/body.js';
import { ApiError } from '../../src/server/errors.js';
import { RestRequest, toInbound, toRest } from './messages.js';

export { conversationIdOf, type RestMessage, RestRequest, toInbound, toRest } from './messages.js';

export const REST_WEBHOOK_PATH = '/webhooks/rest/webhook';

export interface RestChannelOptions {
  bot: Bot;
  /** REST_CHANNEL_SECRET; when unset the channel answers only if `openWithoutSecret` (sandbox mode). */
  secret: string | undefined;
  openWithoutSecret: boolean;
  /** Largest accepted upload (ATTACHMENT_MAX_BYTES): bounds the request body with base64 overhead. */
  maxAttachmentBytes: number;
  log: Logger;
}

const equal = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export function authorize(
  header: string | undefined,
  options: Pick<RestChannelOptions, 'secret' | 'openWithoutSecret'>,
): void {
  if (!options.secret) {
    if (options.openWithoutSecret) return;
    throw new ApiError(503, 'rest_channel_disabled', 'the REST channel needs REST_CHANNEL_SECRET outside sandbox mode');
  }
  const token = /^Bearer\s+(.+)$/i.exec(header ?? '')?.[1]?.trim();
  if (!token || !equal(token, options.secret))
    throw new ApiError(401, 'unauthorized', 'missing or wrong Bearer secret');
}

export function restChannel(options: RestChannelOptions): HttpModule {
  const maxBytes = Math.ceil((options.maxAttachmentBytes * 4) / 3) * 3 + 256 * 1024;
  return {
    name: 'rest-channel',
    mount(app: Hono) {
      // Rasa answers GET /webhooks/rest/ with {status: ok}; sites use it as a health check.
      for (const path of ['/webhooks/rest', '/webhooks/rest/']) app.get(path, (c) => c.json({ status: 'ok' }));
      app.post(REST_WEBHOOK_PATH, async (c) => {
        authorize(c.req.header('authorization'), options);
        const body = await readJson(c, RestRequest, { maxBytes });
        const replies = await options.bot.handle(toInbound(body));
        return c.json(toRest(body.sender, replies));
      });
    },
  };
}

/** Pushes later messages to the site's REST_CALLBACK_URL (same shape as the webhook's response). */
export function restCallbackSink(options: {
  url: string | undefined;
  secret: string | undefined;
  log: Logger;
  fetch?: typeof fetch;
  timeoutMs?: number;
}): ChannelSink {
  const doFetch = options.fetch ?? fetch;
  return {
    channel: 'rest',
    async deliver(conversation, messages) {
      const sender =
        typeof conversation.address.sender === 'string' ? conversation.address.sender : conversation.buyerId;
      if (!options.url || !sender) {
        options.log.info(
          { conversationId: conversation.id },
          'REST_CALLBACK_URL unset: pushed message kept in the transcript only',
        );
        return;
      }
      const res = await doFetch(options.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(options.secret ? { authorization: `Bearer ${options.secret}` } : {}),
        },
        body: JSON.stringify(toRest(sender, messages)),
        signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
      });
      if (!res.ok) throw new Error(`REST callback answered ${res.status}`);
    },
  };
}
