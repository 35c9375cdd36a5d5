import type { InboundAttachment } from '../core/messages.js';
import type { AttachmentRef } from './transcript-store.js';

export type UploadRejection = 'empty' | 'too_large' | 'type_not_allowed';

export type UploadResult =
  | { ok: true; attachment: AttachmentRef }
  | { ok: false; reason: UploadRejection; message: string; detectedMime?: string; bytes: number };

/** Takes buyer uploads into the content-addressed evidence store (type sniffed from the bytes, size-limited). */
export interface EvidenceIntake {
  accept(conversationId: string, upload: InboundAttachment): Promise<UploadResult>;
  /** The stored bytes, or null when unknown or purged. */
  read(sha256: string): Promise<Uint8Array | null>;
}
