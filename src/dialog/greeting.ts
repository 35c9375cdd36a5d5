/**
 * The bot's first words in a new conversation: who it is (a bot, by name — never a person), what it
 * can do in one line, and the usual starting points as buttons. Texts are the `welcome.*` templates;
 * the buttons are the keys under `welcome.start` (a refund scenario id, or `other`), in file order, so
 * an operator chooses them in `bots/`. Channels call it once, when a conversation opens.
 */
import type { Lang } from '../core/domain.js';
import type { ConversationStart, OutboundMessage, PromptOption } from '../core/messages.js';
import type { ConversationRecord } from '../ports/conversation-store.js';
import type { Step } from './compose.js';
import { type DialogDeps, say, type Turn, t } from './context.js';
import type { Renderer } from './render.js';
import { type DialogState, freshState, readState, toJson } from './state.js';

const START = 'welcome.start.';
/** The payload of the "other" button: the buyer describes the problem in their own words next. */
export const OTHER_PAYLOAD = '/other';

export function welcomeOptions(deps: DialogDeps, render: Renderer, lang: Lang): PromptOption[] {
  return [...deps.definition.templates.zh.keys()]
    .filter((key) => key.startsWith(START))
    .map((key) => {
      const choice = key.slice(START.length);
      return { title: render.t(lang, key), payload: choice === 'other' ? OTHER_PAYLOAD : `/scenario ${choice}` };
    });
}

/**
 * Greets a conversation that has not started yet (none at all, or one with no exchange), records
 * the greeting in the transcript and remembers its buttons as the pending prompt.
 */
export async function greet(
  deps: DialogDeps,
  render: Renderer,
  start: ConversationStart,
  finish: (conversation: ConversationRecord, state: DialogState, messages: OutboundMessage[]) => Promise<void>,
): Promise<OutboundMessage[]> {
  const lang: Lang = start.locale?.toLowerCase().startsWith('en') ? 'en' : 'zh';
  const conversation = await deps.conversations.getOrCreate({
    id: start.conversationId,
    channel: start.channel,
    address: start.address,
    buyerId: start.buyerId ?? null,
    lang,
    state: toJson(freshState()),
  });
  const state = readState(conversation.state);
  if (state.recent.length > 0 || state.case || state.tickets.length > 0) return [];
  const options = welcomeOptions(deps, render, conversation.lang);
  const message: OutboundMessage = {
    text: `${render.t(conversation.lang, 'welcome.intro')}\n\n${render.t(conversation.lang, 'welcome.choose')}`,
    lang: conversation.lang,
    expecting: { slot: 'scenario', options },
  };
  state.asked = { step: 'scenario', slot: 'scenario', payloads: options.map((o) => o.payload) };
  await finish(conversation, state, [message]);
  return [message];
}

/** The greeting's "other" button. */
export const otherChoice: Step<Turn> = async (turn, next) => {
  if (turn.consumed || turn.command?.name !== OTHER_PAYLOAD.slice(1)) return next();
  turn.consumed = true;
  say(turn, t(turn, 'welcome.other'));
  await next();
};
