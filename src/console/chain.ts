/** The ticket page's integrity check: the transcript module's chain verifier, anchored on the ticket's head hash. */
import type { TranscriptEntry } from '../ports/transcript-store.js';
import { verifyEntries } from '../transcript/verify.js';

export interface ChainReport {
  ok: boolean;
  entries: number;
  /** First entry whose hash, link or attachment bytes do not check out. */
  broken?: { seq: number; reason: string };
  /** Whether the head hash recorded on the ticket is one of the chain's hashes. */
  containsHead: boolean;
  /** Entries whose bodies retention has removed (their hashes still check). */
  purged: number;
}

export type ChainVerifier = (
  conversationId: string,
  entries: readonly TranscriptEntry[],
  ticketHead: string,
) => Promise<ChainReport>;

/** Also rehashes attachment bytes when `readAttachment` is given. */
export function transcriptVerifier(readAttachment?: (sha256: string) => Promise<Uint8Array | null>): ChainVerifier {
  return async (conversationId, entries, ticketHead) => {
    const r = await verifyEntries(conversationId, entries, {
      anchors: [ticketHead],
      ...(readAttachment ? { readAttachment } : {}),
    });
    const containsHead = r.anchors.some((a) => a.hash === ticketHead && a.seq !== null);
    // A missing anchor is reported on its own (containsHead), not as a broken entry.
    const broken = r.broken && r.broken.reason !== 'anchor_missing' ? r.broken : undefined;
    return {
      ok: broken === undefined,
      entries: r.entries,
      ...(broken ? { broken: { seq: broken.seq, reason: broken.detail } } : {}),
      containsHead,
      purged: r.purged,
    };
  };
}
