/** What a viewer (agent console, export) sees of a transcript: redacted unless revealed, with its integrity check. */
import type { JsonValue } from '../core/json.js';
import type { AttachmentRef, Direction, EntryType, TranscriptEntry } from '../ports/transcript-store.js';
import { payloadHash } from './canonical.js';
import { type RedactionKind, redactJson } from './redact.js';
import type { VerifyReport } from './verify.js';

export const EXPORT_FORMAT = 'refund-desk.transcript/v1';

export interface ViewEntry {
  seq: number;
  at: string;
  direction: Direction;
  channel: TranscriptEntry['channel'];
  actor: string;
  type: EntryType;
  /** The payload as shown: masked where it held secrets (unless revealed), null once purged. */
  payload: JsonValue;
  /** Digest of the stored payload, which the hash covers: lets the chain be checked from a redacted export. */
  payloadHash: string;
  purged: boolean;
  redactions: RedactionKind[];
  attachments: AttachmentRef[];
  prevHash: string;
  hash: string;
}

export interface TranscriptView {
  format: typeof EXPORT_FORMAT;
  conversationId: string;
  exportedAt: string;
  /** True when secrets are masked; the stored entries are unchanged either way. */
  redacted: boolean;
  integrity: VerifyReport;
  /** Tickets that recorded this transcript's head hash when they were opened. */
  tickets: Array<{ ticketId: string; headHash: string; seq: number | null }>;
  entries: ViewEntry[];
}

export function viewEntry(entry: TranscriptEntry, reveal: boolean): ViewEntry {
  const purged = entry.purged !== undefined;
  const shown = purged || reveal ? { value: entry.payload, kinds: [] } : redactJson(entry.payload);
  return {
    seq: entry.seq,
    at: entry.at,
    direction: entry.direction,
    channel: entry.channel,
    actor: entry.actor,
    type: entry.type,
    payload: purged ? null : shown.value,
    payloadHash: entry.purged?.payloadHash ?? payloadHash(entry.payload),
    purged,
    redactions: shown.kinds,
    attachments: entry.attachments.map((a) => ({ ...a })),
    prevHash: entry.prevHash,
    hash: entry.hash,
  };
}
