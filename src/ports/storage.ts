import type { AttachmentStore } from './attachment-store.js';
import type { ConversationStore } from './conversation-store.js';
import type { Outbox } from './outbox.js';
import type { OwnershipAttempts } from './ownership-attempts.js';
import type { TicketStore } from './ticket-store.js';
import type { TranscriptStore } from './transcript-store.js';

/** Everything refund-desk persists, behind one handle (SQLite by default, PostgreSQL in production). */
export interface Storage {
  conversations: ConversationStore;
  transcripts: TranscriptStore;
  attachments: AttachmentStore;
  tickets: TicketStore;
  outbox: Outbox;
  ownership: OwnershipAttempts;
  /** Liveness of the underlying database, for /healthz. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
