/** Direct Line activities: what clients may post (validated) and what refund-desk sends (built here). */
import { z } from 'zod';
import type { JsonObject } from '../../src/core/json.js';
import type { OutboundMessage } from '../../src/core/messages.js';

export const CHANNEL_ID = 'webchat';
export const BOT_ACCOUNT = { id: 'refund-desk', name: '售后助手', role: 'bot' } as const;
export const MAX_TEXT = 20_000;

/** An activity posted by a client. Unknown fields are dropped; nothing is trusted beyond these. */
export const PostedActivity = z.object({
  type: z.string().min(1).max(64),
  text: z.string().max(MAX_TEXT).optional(),
  locale: z.string().max(35).optional(),
  name: z.string().max(200).optional(),
  from: z.object({ id: z.string().max(256).optional(), name: z.string().max(256).optional() }).optional(),
  attachments: z
    .array(
      z.object({
        contentType: z.string().max(200).optional(),
        contentUrl: z.string().max(4000).optional(),
        name: z.string().max(300).optional(),
      }),
    )
    .max(10)
    .optional(),
  channelData: z
    .object({
      clientActivityID: z.string().max(100).optional(),
      messageBack: z.object({ displayText: z.string().max(2000).optional() }).optional(),
    })
    .optional(),
});
export type PostedActivity = z.infer<typeof PostedActivity>;

export interface Account {
  id: string;
  name?: string;
  role: 'user' | 'bot';
}

export interface ActivityAttachment {
  contentType: string;
  contentUrl: string;
  /** Set for images: Web Chat shows a buyer's own upload as a picture only when it has one. */
  thumbnailUrl?: string;
  name?: string;
}

export interface CardAction {
  type: 'messageBack';
  title: string;
  text: string;
  displayText: string;
  value: { payload: string };
}

/** An activity as refund-desk stores and sends it. `id` and `timestamp` are set on append. */
export interface Activity {
  type: 'message' | 'typing' | 'event';
  id: string;
  timestamp: string;
  channelId: typeof CHANNEL_ID;
  conversation: { id: string };
  from: Account;
  text?: string;
  textFormat?: 'plain' | 'markdown';
  locale?: string;
  replyToId?: string;
  attachments?: ActivityAttachment[];
  suggestedActions?: { to: string[]; actions: CardAction[] };
  channelData?: JsonObject;
}

export type ActivityDraft = Omit<Activity, 'id' | 'timestamp' | 'conversation' | 'channelId'>;

/** The buyer's own message as echoed back: Web Chat matches it to its pending copy by clientActivityID. */
export function echoDraft(
  posted: PostedActivity,
  user: Account,
  attachments: ActivityAttachment[] = [],
): ActivityDraft {
  const channelData: JsonObject = {};
  const clientActivityID = posted.channelData?.clientActivityID;
  if (clientActivityID) channelData.clientActivityID = clientActivityID;
  const displayText = posted.channelData?.messageBack?.displayText;
  if (displayText !== undefined) channelData.messageBack = { displayText };
  return {
    type: 'message',
    from: user,
    // Buyer text is shown as text, never interpreted as markdown or HTML.
    textFormat: 'plain',
    ...(posted.text !== undefined ? { text: posted.text } : {}),
    ...(posted.locale ? { locale: posted.locale } : {}),
    ...(attachments.length > 0 ? { attachments } : {}),
    ...(Object.keys(channelData).length > 0 ? { channelData } : {}),
  };
}

/** A bot message: SPEC §12 prompts become suggested actions and channelData.expecting / citations. */
export function botDraft(
  message: OutboundMessage,
  options: { userId: string; replyToId?: string; attachments?: ActivityAttachment[]; pushed?: boolean },
): ActivityDraft {
  const channelData: JsonObject = {};
  if (message.expecting) {
    const { slot, evidenceKind, options: choices } = message.expecting;
    channelData.expecting = {
      slot,
      ...(evidenceKind ? { evidenceKind } : {}),
      ...(choices ? { options: choices.map((o) => ({ title: o.title, payload: o.payload })) } : {}),
    };
  }
  if (message.citations && message.citations.length > 0) channelData.citations = [...message.citations];
  if (options.pushed) channelData.pushed = true;
  const actions = (message.expecting?.options ?? []).map(
    (o): CardAction => ({
      type: 'messageBack',
      title: o.title,
      text: o.payload,
      displayText: o.title,
      value: { payload: o.payload },
    }),
  );
  return {
    type: 'message',
    from: { ...BOT_ACCOUNT },
    text: message.text,
    textFormat: 'plain',
    locale: message.lang === 'zh' ? 'zh-CN' : 'en-US',
    ...(options.replyToId ? { replyToId: options.replyToId } : {}),
    ...(options.attachments && options.attachments.length > 0 ? { attachments: options.attachments } : {}),
    ...(actions.length > 0 ? { suggestedActions: { to: [options.userId], actions } } : {}),
    ...(Object.keys(channelData).length > 0 ? { channelData } : {}),
  };
}

export function typingActivity(conversationId: string, now: Date): Activity {
  return {
    type: 'typing',
    id: `${conversationId}|typing-${now.getTime()}`,
    timestamp: now.toISOString(),
    channelId: CHANNEL_ID,
    conversation: { id: conversationId },
    from: { ...BOT_ACCOUNT },
  };
}
