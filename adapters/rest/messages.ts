/** The Rasa-compatible REST shapes (SPEC §2) and the translation from and to the core's messages. */
import { z } from 'zod';
import type { InboundAttachment, InboundMessage, OutboundMessage } from '../../src/core/messages.js';

const BASE64 = /^[A-Za-z0-9+/\s]*={0,2}\s*$/;

export const RestRequest = z.object({
  sender: z.string().trim().min(1).max(128),
  message: z.string().max(100_000).optional(),
  attachments: z
    .array(
      z.object({
        name: z.string().max(255).optional(),
        contentType: z.string().max(200).optional(),
        contentBase64: z.string().regex(BASE64, 'base64'),
      }),
    )
    .max(10)
    .optional(),
  /** Channel-level message id, for de-duplication of redelivered messages. */
  message_id: z.string().min(1).max(200).optional(),
  metadata: z
    .object({ locale: z.string().max(35).optional(), message_id: z.string().min(1).max(200).optional() })
    .passthrough()
    .optional(),
});
export type RestRequest = z.infer<typeof RestRequest>;

export interface RestButton {
  title: string;
  payload: string;
}

export interface RestMessage {
  recipient_id: string;
  text: string;
  buttons?: RestButton[];
  custom: {
    lang: OutboundMessage['lang'];
    expecting?: OutboundMessage['expecting'];
    citations?: string[];
    attachments?: OutboundMessage['attachments'];
  };
}

/** Bytes a base64 string decodes to (whitespace and padding aside), without decoding it. */
export function decodedBytes(base64: string): number {
  let chars = 0;
  let padding = 0;
  for (let i = 0; i < base64.length; i++) {
    const c = base64.charCodeAt(i);
    if (c === 0x3d) padding++;
    else if (c > 0x20) chars++;
  }
  return Math.floor(((chars + padding) * 3) / 4) - padding;
}

export const conversationIdOf = (sender: string): string => `rest:${sender}`;

export function toInbound(body: RestRequest): InboundMessage {
  const attachments: InboundAttachment[] = (body.attachments ?? []).map((a) => ({
    bytes: new Uint8Array(Buffer.from(a.contentBase64, 'base64')),
    ...(a.name ? { name: a.name } : {}),
    ...(a.contentType ? { contentType: a.contentType } : {}),
  }));
  const messageId = body.message_id ?? body.metadata?.message_id;
  const locale = body.metadata?.locale;
  return {
    channel: 'rest',
    conversationId: conversationIdOf(body.sender),
    address: { sender: body.sender },
    // The caller holds REST_CHANNEL_SECRET (or it is the sandbox): the sender is the platform buyer id.
    buyerId: body.sender,
    userId: body.sender,
    text: body.message ?? '',
    ...(attachments.length > 0 ? { attachments } : {}),
    ...(messageId ? { messageId } : {}),
    ...(locale ? { locale } : {}),
  };
}

export function toRest(recipient: string, messages: OutboundMessage[]): RestMessage[] {
  return messages.map((m) => ({
    recipient_id: recipient,
    text: m.text,
    ...(m.expecting?.options?.length
      ? { buttons: m.expecting.options.map((o) => ({ title: o.title, payload: o.payload })) }
      : {}),
    custom: {
      lang: m.lang,
      ...(m.expecting ? { expecting: m.expecting } : {}),
      ...(m.citations?.length ? { citations: m.citations } : {}),
      ...(m.attachments?.length ? { attachments: m.attachments } : {}),
    },
  }));
}
