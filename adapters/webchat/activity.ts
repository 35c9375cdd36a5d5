/** Direct Line activities: what clients may post (validated) and what refund-desk sends (built here). */
import { z } from 'zod';
import type { Lang } from '../../src/core/domain.js';
import type { JsonObject } from '../../src/core/json.js';
import type { DecisionNotice, OutboundMessage } from '../../src/core/messages.js';
import { botMarkdown, type ClauseRef } from './format.js';

export const CHANNEL_ID = 'webchat';
export const BOT_ACCOUNT = { id: 'refund-desk', name: '售后助手', role: 'bot' } as const;
const BOT_NAME: Record<Lang, string> = { zh: '售后助手', en: 'Refund assistant' };

/** Where the widget (and any reader) finds a clause's text; made absolute when the activity is sent. */
export const CLAUSE_PATH = '/webchat/clauses/';
export const clauseHref = (id: string, lang: Lang) => `${CLAUSE_PATH}${encodeURIComponent(id)}?lang=${lang}`;

/** Clause links are stored relative (Markdown `](/webchat/clauses/…`, which escaped text cannot contain). */
export function absoluteClauseLinks(activity: Activity, base: string): Activity {
  const json = JSON.stringify(activity);
  const relative = `](${CLAUSE_PATH}`;
  return json.includes(relative)
    ? (JSON.parse(json.replaceAll(relative, `](${base}${CLAUSE_PATH}`)) as Activity)
    : activity;
}
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
  contentUrl?: string;
  /** An Adaptive Card (decisions). */
  content?: JsonObject;
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

/**
 * A bot message: SPEC §12 prompts become suggested actions and channelData.expecting / citations;
 * the text becomes safe Markdown with the cited clauses as links; a decision also becomes a card.
 */
export function botDraft(
  message: OutboundMessage,
  options: {
    userId: string;
    replyToId?: string;
    attachments?: ActivityAttachment[];
    pushed?: boolean;
    /** The clause names as the text spells them (from the bot's templates). */
    clauseLabel?: (id: string, lang: Lang) => string | undefined;
  },
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
  if (message.decision) channelData.decision = { ...message.decision };
  const clauses: ClauseRef[] = (message.citations ?? []).map((id) => ({
    id,
    label: options.clauseLabel?.(id, message.lang),
    href: clauseHref(id, message.lang),
  }));
  const markdown = botMarkdown(message.text, clauses);
  const attachments = [
    ...(message.decision ? [decisionCard(message.decision, message.lang, markdown)] : []),
    ...(options.attachments ?? []),
  ];
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
    from: { ...BOT_ACCOUNT, name: BOT_NAME[message.lang] },
    text: message.decision ? decisionHeadline(message.decision, message.lang) : markdown,
    textFormat: 'markdown',
    locale: message.lang === 'zh' ? 'zh-CN' : 'en-US',
    ...(options.replyToId ? { replyToId: options.replyToId } : {}),
    ...(attachments.length > 0 ? { attachments } : {}),
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

const OUTCOME: Record<Lang, Record<DecisionNotice['status'], string>> = {
  zh: {
    approved: '退款申请已通过',
    rejected: '退款申请未通过',
    awaiting_evidence: '需要补充材料',
    refunded: '已退款',
    open: '工单处理中',
    appealed: '申诉审核中',
    closed: '工单已关闭',
  },
  en: {
    approved: 'Refund accepted',
    rejected: 'Refund not accepted',
    awaiting_evidence: 'More material needed',
    refunded: 'Refunded',
    open: 'Under review',
    appealed: 'Appeal under review',
    closed: 'Ticket closed',
  },
};
const FACTS: Record<Lang, { ticket: string; amount: string; result: string }> = {
  zh: { ticket: '工单号', amount: '退款金额', result: '审核结果' },
  en: { ticket: 'Ticket', amount: 'Amount', result: 'Decision' },
};
const STYLE: Partial<Record<DecisionNotice['status'], string>> = {
  approved: 'good',
  refunded: 'good',
  rejected: 'attention',
  awaiting_evidence: 'warning',
};

/** The one line a plain client shows (the card carries the rest). */
export function decisionHeadline(d: DecisionNotice, lang: Lang): string {
  return lang === 'zh'
    ? `工单 **${d.ticketId}**：${OUTCOME.zh[d.status]}`
    : `Ticket **${d.ticketId}**: ${OUTCOME.en[d.status]}`;
}

/** A decision as an Adaptive Card: outcome, ticket id, amount, then what happens next (the bot's text). */
function decisionCard(d: DecisionNotice, lang: Lang, markdown: string): ActivityAttachment {
  const facts = [
    { title: FACTS[lang].ticket, value: d.ticketId },
    { title: FACTS[lang].result, value: OUTCOME[lang][d.status] },
    ...(d.amount !== undefined
      ? [{ title: FACTS[lang].amount, value: lang === 'zh' ? `¥${d.amount.toFixed(2)}` : `CNY ${d.amount.toFixed(2)}` }]
      : []),
  ];
  return {
    contentType: 'application/vnd.microsoft.card.adaptive',
    content: {
      type: 'AdaptiveCard',
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      version: '1.5',
      lang: lang === 'zh' ? 'zh-CN' : 'en-US',
      speak: OUTCOME[lang][d.status],
      body: [
        {
          type: 'Container',
          style: STYLE[d.status] ?? 'emphasis',
          bleed: true,
          items: [{ type: 'TextBlock', text: OUTCOME[lang][d.status], weight: 'Bolder', size: 'Medium', wrap: true }],
        },
        { type: 'FactSet', facts },
        ...markdown.split('\n\n').map((p) => ({ type: 'TextBlock', text: p, wrap: true })),
      ],
    },
  };
}
