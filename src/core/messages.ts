/** What channel adapters hand to the bot and get back. Adapters translate at the edge. */
import type { Channel, ClauseId, EvidenceKind, Lang, Slot, TicketStatus } from './domain.js';
import type { JsonObject } from './json.js';

export interface InboundAttachment {
  /** Name as the buyer's client gave it: never trusted for paths or type. */
  name?: string;
  /** Content type as claimed by the client: never trusted, bytes are sniffed. */
  contentType?: string;
  bytes: Uint8Array;
}

export interface InboundMessage {
  channel: Channel;
  /** Our conversation id, stable per channel conversation, e.g. `rest:buyer-1`, `telegram:12345`. */
  conversationId: string;
  /** How to reach the buyer later in this channel (chat id, Direct Line conversation …). */
  address: JsonObject;
  /** The platform buyer id, when the channel has authenticated the buyer (token, link code, REST secret). */
  buyerId?: string;
  /** Channel-level user id (Telegram user id, Direct Line user id …). */
  userId: string;
  text?: string;
  attachments?: InboundAttachment[];
  /** Channel message id for de-duplication of redelivered messages. */
  messageId?: string;
  /** Buyer's locale hint from the client, if any. */
  locale?: string;
}

export interface PromptOption {
  title: string;
  payload: string;
}

/** SPEC §12: what the bot is asking for, machine-readable. */
export interface Expecting {
  slot: Slot;
  evidenceKind?: EvidenceKind;
  options?: PromptOption[];
}

export interface OutboundAttachmentRef {
  sha256: string;
  mime: string;
  name?: string;
}

/** What a pushed message about a ticket reports, for channels that show decisions as a card. */
export interface DecisionNotice {
  ticketId: string;
  status: TicketStatus;
  amount?: number;
}

export interface OutboundMessage {
  text: string;
  lang: Lang;
  expecting?: Expecting;
  citations?: ClauseId[];
  attachments?: OutboundAttachmentRef[];
  decision?: DecisionNotice;
}

/** A conversation a channel has just opened, before the buyer has said anything. */
export type ConversationStart = Omit<InboundMessage, 'text' | 'attachments' | 'messageId'>;

/** The bot as seen by a channel adapter. */
export interface Bot {
  handle(message: InboundMessage): Promise<OutboundMessage[]>;
  /** The opening words of a new conversation (recorded like every reply); a channel calls it once, at the start. */
  greet?(start: ConversationStart): Promise<OutboundMessage[]>;
}
