/**
 * The dialog manager: `handle(inbound)` runs one turn (serialised per conversation) through the
 * pipeline; `update(conversationId, fn)` lets the notifier and the outbox worker change a
 * conversation and tell the buyer, under the same per-conversation order.
 */
import type { Lang } from '../core/domain.js';
import type { ConversationStart, InboundMessage, OutboundMessage } from '../core/messages.js';
import { type ConversationRecord, VersionConflictError } from '../ports/conversation-store.js';
import { compose } from './compose.js';
import { type DialogDeps, reply, type Turn } from './context.js';
import { greet, otherChoice } from './greeting.js';
import { KeyedQueue } from './keyed-queue.js';
import { languageOf } from './language.js';
import { parseCommand } from './lexicon.js';
import { Renderer } from './render.js';
import { type DialogState, freshState, readState, toJson } from './state.js';
import { interruptions, looseAnswers, strongAnswers } from './steps/answers.js';
import { advance } from './steps/case.js';
import { commands } from './steps/commands.js';
import { fallback } from './steps/fallback.js';
import { dedupe, intake, remember, understand } from './steps/inbound.js';
import { uploads } from './steps/uploads.js';

const pipeline = compose<Turn>([
  dedupe,
  intake,
  understand,
  otherChoice,
  commands,
  uploads,
  strongAnswers,
  interruptions,
  looseAnswers,
  advance,
  fallback,
]);

export interface Dialog {
  handle(message: InboundMessage): Promise<OutboundMessage[]>;
  /** The greeting of a conversation that is just opening (src/dialog/greeting.ts). */
  greet(start: ConversationStart): Promise<OutboundMessage[]>;
  /** Runs `change` on the conversation's state in turn order; records and returns the messages it produces. */
  update(
    conversationId: string,
    change: (conversation: ConversationRecord, state: DialogState) => Promise<OutboundMessage[]>,
  ): Promise<{ conversation: ConversationRecord; messages: OutboundMessage[] } | null>;
  render: Renderer;
}

export function createDialog(deps: DialogDeps): Dialog {
  const queue = new KeyedQueue();
  const render = new Renderer(deps.definition);

  async function recordOut(conversation: ConversationRecord, messages: OutboundMessage[]): Promise<void> {
    for (const m of messages) {
      await deps.recorder.record(conversation.id, {
        direction: 'out',
        channel: conversation.channel,
        actor: 'bot',
        type: 'text',
        payload: {
          text: m.text,
          lang: m.lang,
          ...(m.expecting ? { expecting: toJsonObject(m.expecting) } : {}),
          ...(m.citations ? { citations: m.citations } : {}),
        },
      });
    }
  }

  async function save(conversation: ConversationRecord, state: DialogState): Promise<void> {
    const record = { ...conversation, state: toJson(state) };
    try {
      await deps.conversations.save(record);
    } catch (err) {
      if (!(err instanceof VersionConflictError)) throw err;
      // Changed underneath (a channel adapter binding the buyer, another instance): keep their
      // fields, put the dialog's on top. Turns of one conversation are serialised in this process.
      const current = await deps.conversations.get(conversation.id);
      if (!current) throw err;
      deps.log.warn({ conversationId: conversation.id }, 'conversation changed concurrently; merging the turn');
      await deps.conversations.save({
        ...current,
        state: record.state,
        lang: record.lang,
        handoff: current.handoff || record.handoff,
        buyerId: current.buyerId ?? record.buyerId,
      });
    }
  }

  async function turn(inbound: InboundMessage): Promise<OutboundMessage[]> {
    const raw = inbound.text ?? '';
    const text = raw.trim().slice(0, deps.definition.rules.understanding.max_chars);
    const initialLang: Lang = languageOf(text) ?? (inbound.locale?.toLowerCase().startsWith('en') ? 'en' : 'zh');
    let conversation = await deps.conversations.getOrCreate({
      id: inbound.conversationId,
      channel: inbound.channel,
      address: inbound.address,
      buyerId: inbound.buyerId ?? null,
      lang: initialLang,
      state: toJson(freshState()),
    });
    if (inbound.buyerId && conversation.buyerId !== inbound.buyerId)
      conversation = { ...conversation, buyerId: inbound.buyerId };
    conversation = { ...conversation, address: inbound.address };
    const state = readState(conversation.state);
    const asked = state.asked;
    state.asked = null;
    const now = deps.now();
    const ctx: Turn = {
      deps,
      render,
      inbound,
      conversation,
      state,
      now,
      text,
      command: parseCommand(text),
      uploads: [],
      parse: null,
      order: undefined,
      parts: [],
      expecting: undefined,
      asked,
      consumed: false,
      replay: null,
    };
    await pipeline(ctx, async () => {});
    if (ctx.replay) return ctx.replay;
    const message = reply(ctx);
    const messages = message ? [message] : [];
    await recordOut(ctx.conversation, messages);
    remember(state, inbound.messageId, messages);
    await save(ctx.conversation, state);
    return messages;
  }

  return {
    render,
    handle: (inbound) => queue.run(inbound.conversationId, () => turn(inbound)),
    greet: (start) =>
      queue.run(start.conversationId, () =>
        greet(deps, render, start, async (conversation, state, messages) => {
          await recordOut(conversation, messages);
          await save(conversation, state);
        }),
      ),
    update: (conversationId, change) =>
      queue.run(conversationId, async () => {
        const conversation = await deps.conversations.get(conversationId);
        if (!conversation) return null;
        const state = readState(conversation.state);
        const messages = await change(conversation, state);
        await recordOut(conversation, messages);
        await save(conversation, state);
        return { conversation, messages };
      }),
  };
}

function toJsonObject(value: object): { [key: string]: import('../core/json.js').JsonValue } {
  return JSON.parse(JSON.stringify(value)) as { [key: string]: import('../core/json.js').JsonValue };
}
