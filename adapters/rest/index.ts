/**
 * The REST channel for a card site's backend (SPEC §2, Rasa-compatible):
 * `POST /webhooks/rest/webhook {sender, message, attachments?}` → the bot's replies. The sender is
 * trusted as the buyer id because the caller holds REST_CHANNEL_SECRET (Bearer); without a secret the
 * channel is open only in development with the sandbox. Later messages (decisions) go to REST_CALLBACK_URL.
 */
import type { Hono } from 'hono';
import { uploadBodyLimit } from '../../src/config/env.js';
import type { Logger } from '../../src/core/log.js';
import type { Bot } from '../../src/core/messages.js';
import type { ChannelSink } from '../../src/ports/channel-sink.js';
import { accessOf, checkAccess } from '../../src/server/access.js';
import type { HttpModule } from '../../src/server/app.js';
import { type BodyBudget, readJson } from '../../src/server/body.js';
import { ApiError } from '../../src/server/errors.js';
import { decodedBytes, RestRequest, toInbound, toRest } from './messages.js';

export { conversationIdOf, type RestMessage, RestRequest, toInbound, toRest } from './messages.js';

export const REST_WEBHOOK_PATH = '/webhooks/rest/webhook';

export interface RestChannelOptions {
  bot: Bot;
  /** REST_CHANNEL_SECRET; when unset the channel answers only if `openWithoutSecret` (sandbox, not production). */
  secret: string | undefined;
  openWithoutSecret: boolean;
  /** Largest accepted file (ATTACHMENT_MAX_BYTES); larger ones reach the bot, which tells the buyer. */
  maxAttachmentBytes: number;
  /** All files of one request together (ATTACHMENT_REQUEST_MAX_BYTES): bounds the request body. */
  maxRequestAttachmentBytes?: number;
  /** Shared by every request body held in memory (BODY_MEMORY_MAX_BYTES). */
  budget?: BodyBudget;
  log: Logger;
}

/** A message, up to ten files and a little metadata: far fewer JSON tokens than this. */
const MAX_JSON_TOKENS = 2_000;

export function authorize(
  header: string | undefined,
  options: Pick<RestChannelOptions, 'secret' | 'openWithoutSecret'>,
): void {
  checkAccess(accessOf(options.secret, 'REST_CHANNEL_SECRET', options.openWithoutSecret), header);
}

export function restChannel(options: RestChannelOptions): HttpModule {
  const requestMax = options.maxRequestAttachmentBytes ?? options.maxAttachmentBytes;
  const maxBytes = uploadBodyLimit(requestMax);
  return {
    name: 'rest-channel',
    mount(app: Hono) {
      // Rasa answers GET /webhooks/rest/ with {status: ok}; sites use it as a health check.
      for (const path of ['/webhooks/rest', '/webhooks/rest/']) app.get(path, (c) => c.json({ status: 'ok' }));
      app.post(REST_WEBHOOK_PATH, async (c) => {
        authorize(c.req.header('authorization'), options);
        const lease = options.budget?.lease();
        try {
          const body = await readJson(c, RestRequest, {
            maxBytes,
            maxTokens: MAX_JSON_TOKENS,
            ...(lease ? { onChunk: (chunk: Uint8Array) => lease.take(chunk.byteLength) } : {}),
          });
          const total = (body.attachments ?? []).reduce((sum, a) => sum + decodedBytes(a.contentBase64), 0);
          if (total > requestMax) {
            throw new ApiError(
              413,
              'payload_too_large',
              `the files of one request may total ${requestMax} bytes; these are ${total}`,
            );
          }
          const replies = await options.bot.handle(toInbound(body));
          return c.json(toRest(body.sender, replies));
        } finally {
          lease?.release();
        }
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
