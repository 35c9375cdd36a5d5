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
  /** Set by retention: the payload was removed (stored as null); its digest keeps the chain verifiable. */
  purged?: PurgeMarker;
}

export interface PurgeMarker {
  /** sha256 of the canonical JSON of the removed payload (what the entry hash covers). */
  payloadHash: string;
  purgedAt: string;
}

/**
 * An entry as stored, its payload left as the JSON text the store holds. Verification hashes that
 * text directly when it is the canonical form (stores write it so), skipping a parse and re-encode.
 */
export interface StoredTranscriptEntry extends Omit<TranscriptEntry, 'payload'> {
  payloadJson: string;
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
  /** Optional: `list` with payloads left as stored JSON text, for verifying long transcripts quickly. */
  listStored?(conversationId: string, options?: { fromSeq?: number; limit?: number }): Promise<StoredTranscriptEntry[]>;
  count(conversationId: string): Promise<number>;
  /**
   * Retention: entries not yet purged with `at` before `before`, oldest first (by at, conversation,
   * seq) across conversations; `after` continues after that entry (paging without purging).
   */
  expired(
    before: string,
    limit: number,
    after?: { at: string; conversationId: string; seq: number },
  ): Promise<TranscriptEntry[]>;
  /** Retention: sets each entry's payload to null and stores its marker; other fields stay as they are. */
  markPurged(marks: Array<{ conversationId: string; seq: number; marker: PurgeMarker }>): Promise<void>;
  /**
   * How many entries not yet purged reference an attachment (its bytes must stay while any does);
   * with `notBefore`, only entries at or after that time (those a purge up to it leaves).
   */
  countAttachmentRefs(sha256: string, notBefore?: string): Promise<number>;
}
