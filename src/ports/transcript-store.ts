import type { Channel } from '../core/domain.js';
import type { JsonValue } from '../core/json.js';

export type Direction = 'in' | 'out' | 'system';
export type EntryType = 'text' | 'button' | 'attachment' | 'event';

export interface AttachmentRef {
  sha256: string;
  mime: string;
  bytes: number;
  name: string;
}

/** One transcript entry (SPEC §8). `hash = sha256(prevHash + canonical JSON of the entry)`. */
export interface TranscriptEntry {
  conversationId: string;
  seq: number;
  at: string;
  direction: Direction;
  channel: Channel;
  actor: string;
  type: EntryType;
  payload: JsonValue;
  attachments: AttachmentRef[];
  prevHash: string;
  hash: string;
}

export class SeqConflictError extends Error {
  override readonly name = 'SeqConflictError';
  constructor(
    readonly conversationId: string,
    readonly seq: number,
  ) {
    super(`transcript ${conversationId} already has entry ${seq}`);
  }
}

export interface TranscriptStore {
  /** Appends durably; throws SeqConflictError when `seq` is taken. */
  append(entry: TranscriptEntry): Promise<void>;
  head(conversationId: string): Promise<{ seq: number; hash: string } | null>;
  list(conversationId: string, options?: { fromSeq?: number; limit?: number }): Promise<TranscriptEntry[]>;
  count(conversationId: string): Promise<number>;
}
