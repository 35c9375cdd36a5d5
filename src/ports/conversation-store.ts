import type { Channel, Lang } from '../core/domain.js';
import type { JsonObject, JsonValue } from '../core/json.js';

export interface ConversationRecord {
  id: string;
  channel: Channel;
  /** How to reach the buyer in this channel later (for pushed decisions). */
  address: JsonObject;
  /** Platform buyer bound to this conversation, or null while unknown. */
  buyerId: string | null;
  lang: Lang;
  /** Dialog state, owned and validated by the dialog manager. */
  state: JsonValue;
  /** True when the buyer asked for a human: agents see it flagged. */
  handoff: boolean;
  /** Optimistic-concurrency counter: save() fails when it changed underneath. */
  version: number;
  createdAt: string;
  updatedAt: string;
}

export type NewConversation = Pick<ConversationRecord, 'id' | 'channel' | 'address' | 'buyerId' | 'lang' | 'state'>;

export class VersionConflictError extends Error {
  override readonly name = 'VersionConflictError';
  constructor(readonly conversationId: string) {
    super(`conversation ${conversationId} was changed concurrently`);
  }
}

export interface ConversationStore {
  get(id: string): Promise<ConversationRecord | null>;
  /** Creates the conversation, or returns the existing one with that id unchanged. */
  getOrCreate(init: NewConversation): Promise<ConversationRecord>;
  /** Saves when `record.version` is the stored version; returns the record with the next version. */
  save(record: ConversationRecord): Promise<ConversationRecord>;
  listByBuyer(buyerId: string): Promise<ConversationRecord[]>;
  listHandoff(limit?: number): Promise<ConversationRecord[]>;
}
