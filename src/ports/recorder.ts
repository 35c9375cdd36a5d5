import type { Channel } from '../core/domain.js';
import type { JsonValue } from '../core/json.js';
import type { AttachmentRef, Direction, EntryType, TranscriptEntry } from './transcript-store.js';

/** Transcript event names the dialog records (SPEC §8, STYLE 6). */
export type TranscriptEvent =
  | 'scenario_classified'
  | 'order_verified'
  | 'clauses_retrieved'
  | 'assessment'
  | 'evidence_received'
  | 'receipt_read'
  | 'upload_rejected'
  | 'ticket_opened'
  | 'ticket_updated'
  | 'handoff';

export interface RecordInput {
  direction: Direction;
  channel: Channel;
  actor: string;
  type: EntryType;
  payload: JsonValue;
  attachments?: AttachmentRef[];
}

/** Appends to a conversation's hash-chained transcript; resolves once the entry is durably stored. */
export interface Recorder {
  record(conversationId: string, input: RecordInput): Promise<TranscriptEntry>;
  head(conversationId: string): Promise<{ seq: number; hash: string } | null>;
}
