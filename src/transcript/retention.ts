/**
 * Retention (default 1095 days, E-Commerce Law art. 31): past it, message bodies and attachment
 * bytes are removed. Each purged entry keeps its hash fields and the digest of its payload, so
 * `verify` still recomputes the whole chain.
 */
import type { TranscriptStore } from '../ports/transcript-store.js';
import { payloadHash } from './canonical.js';

export interface BlobRemover {
  /** Deletes stored bytes; true when something was removed. */
  remove(sha256: string): Promise<boolean>;
}

export interface PurgeOptions {
  store: TranscriptStore;
  blobs: BlobRemover;
  retentionDays: number;
  now?: Date;
  /** Report what would be removed without removing it. */
  dryRun?: boolean;
  batchSize?: number;
}

export interface PurgeReport {
  cutoff: string;
  entries: number;
  conversations: number;
  attachmentsRemoved: number;
  dryRun: boolean;
}

const DAY_MS = 86_400_000;

export async function purgeExpired(options: PurgeOptions): Promise<PurgeReport> {
  const { store, blobs } = options;
  const cutoff = new Date((options.now ?? new Date()).getTime() - options.retentionDays * DAY_MS).toISOString();
  const batchSize = options.batchSize ?? 1000;
  const purgedAt = (options.now ?? new Date()).toISOString();
  const conversations = new Set<string>();
  const candidates = new Set<string>();
  let entries = 0;
  let attachmentsRemoved = 0;
  // A dry run purges nothing, so it pages through the expired entries; a real run takes the oldest each time.
  let after: { at: string; conversationId: string; seq: number } | undefined;
  for (;;) {
    const batch = await store.expired(cutoff, batchSize, options.dryRun ? after : undefined);
    if (batch.length === 0) break;
    entries += batch.length;
    for (const e of batch) {
      conversations.add(e.conversationId);
      for (const a of e.attachments) candidates.add(a.sha256);
    }
    const last = batch.at(-1)!;
    after = { at: last.at, conversationId: last.conversationId, seq: last.seq };
    if (!options.dryRun) {
      await store.markPurged(
        batch.map((e) => ({
          conversationId: e.conversationId,
          seq: e.seq,
          marker: { payloadHash: payloadHash(e.payload), purgedAt },
        })),
      );
    }
    if (batch.length < batchSize) break;
  }
  for (const sha256 of candidates) {
    // Bytes stay while an entry the purge leaves (at or after the cutoff) still shows them.
    if ((await store.countAttachmentRefs(sha256, cutoff)) > 0) continue;
    if (options.dryRun) attachmentsRemoved++;
    else if (await blobs.remove(sha256)) attachmentsRemoved++;
  }
  return { cutoff, entries, conversations: conversations.size, attachmentsRemoved, dryRun: options.dryRun ?? false };
}
