/** The typed context of one turn (STYLE 2): what the steps read and write, no property bags. */
import type { ClauseId, EvidenceKind, Lang, Slot } from '../core/domain.js';
import type { JsonObject } from '../core/json.js';
import type { Logger } from '../core/log.js';
import type { InboundMessage, OutboundMessage, PromptOption } from '../core/messages.js';
import type { DialogDefinition } from '../definition/dialog.js';
import type { ConversationRecord, ConversationStore } from '../ports/conversation-store.js';
import type { EvidenceIntake } from '../ports/evidence.js';
import type { ImageTextReader } from '../ports/image-text-reader.js';
import type { Outbox } from '../ports/outbox.js';
import type { OwnershipAttempts } from '../ports/ownership-attempts.js';
import type { Order, Platform } from '../ports/platform.js';
import type { Recorder, TranscriptEvent } from '../ports/recorder.js';
import type { Retriever } from '../ports/retriever.js';
import type { TicketStore } from '../ports/ticket-store.js';
import type { AttachmentRef } from '../ports/transcript-store.js';
import type { Parse, Understander } from '../ports/understander.js';
import type { Renderer, Vars } from './render.js';
import type { DialogState, Step } from './state.js';

export interface DialogDeps {
  definition: DialogDefinition;
  platform: Platform;
  understander: Understander;
  retriever: Retriever;
  recorder: Recorder;
  evidence: EvidenceIntake;
  conversations: ConversationStore;
  tickets: TicketStore;
  outbox: Outbox;
  /** Failed ownership proofs, across conversations (in memory when absent). */
  ownership?: OwnershipAttempts;
  log: Logger;
  now(): Date;
  /** Reads payment receipts (offline OCR); absent, receipts are stored unread. */
  ocr?: ImageTextReader;
}

export interface Part {
  text: string;
  citations: ClauseId[];
}

export interface Turn {
  deps: DialogDeps;
  render: Renderer;
  inbound: InboundMessage;
  conversation: ConversationRecord;
  state: DialogState;
  now: Date;
  /** The buyer's text, trimmed and cut to the understanding limit ('' when none). */
  text: string;
  command: { name: string; arg: string } | null;
  uploads: AttachmentRef[];
  parse: Parse | null;
  /** The order of the case, fetched at most once per turn. */
  order: Order | null | undefined;
  parts: Part[];
  expecting: OutboundMessage['expecting'];
  /** What the previous reply asked for (state.asked is cleared at the start of every turn). */
  asked: DialogState['asked'];
  /** Set once a step has taken the message as an answer or a request. */
  consumed: boolean;
  /** Replies to a redelivered message, returned as they were the first time. */
  replay: OutboundMessage[] | null;
}

export const lang = (turn: Turn): Lang => turn.conversation.lang;

export function t(turn: Turn, key: string, vars: Vars = {}): string {
  return turn.render.t(lang(turn), key, vars);
}

export function clauseNames(turn: Turn, ids: readonly string[]): string {
  return turn.render.clauses(lang(turn), ids);
}

export function say(turn: Turn, text: string, citations: readonly ClauseId[] = []): void {
  turn.parts.push({ text, citations: [...citations] });
}

export function ask(
  turn: Turn,
  step: Step,
  slot: Slot,
  text: string,
  extra: { evidenceKind?: EvidenceKind; options?: PromptOption[]; citations?: readonly ClauseId[] } = {},
): void {
  say(turn, text, extra.citations);
  const options = extra.options ?? [];
  turn.expecting = {
    slot,
    ...(extra.evidenceKind ? { evidenceKind: extra.evidenceKind } : {}),
    ...(options.length > 0 ? { options } : {}),
  };
  turn.state.asked = {
    step,
    slot,
    ...(extra.evidenceKind ? { evidenceKind: extra.evidenceKind } : {}),
    payloads: options.map((o) => o.payload),
  };
}

export function option(
  turn: Turn,
  name: 'no_evidence' | 'confirm' | 'cancel' | 'insist' | 'human' | 'another_order',
): PromptOption {
  return { title: t(turn, `option.${name}`), payload: `/${name}` };
}

export async function recordEvent(turn: Turn, event: TranscriptEvent, payload: JsonObject = {}): Promise<void> {
  await turn.deps.recorder.record(turn.conversation.id, {
    direction: 'system',
    channel: turn.conversation.channel,
    actor: 'bot',
    type: 'event',
    payload: { event, ...payload },
  });
}

/** The reply of the turn: one message, its parts as paragraphs, citations merged. */
export function reply(turn: Turn): OutboundMessage | null {
  if (turn.parts.length === 0) return null;
  const citations = [...new Set(turn.parts.flatMap((p) => p.citations))];
  return {
    text: turn.parts.map((p) => p.text).join('\n\n'),
    lang: lang(turn),
    ...(turn.expecting ? { expecting: turn.expecting } : {}),
    ...(citations.length > 0 ? { citations } : {}),
  };
}
