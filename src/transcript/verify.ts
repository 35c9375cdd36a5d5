/** Recomputes a conversation's hash chain and reports the first broken entry (SPEC §8). */
import type { StoredTranscriptEntry, TranscriptEntry, TranscriptStore } from '../ports/transcript-store.js';
import { CanonicalJsonError, entryHash, GENESIS_HASH, payloadHash, sha256Hex } from './canonical.js';

export type BreakReason =
  | 'seq_gap'
  | 'prev_hash_mismatch'
  | 'hash_mismatch'
  | 'not_canonical'
  | 'attachment_missing'
  | 'attachment_mismatch'
  | 'anchor_missing';

export interface ChainBreak {
  seq: number;
  reason: BreakReason;
  detail: string;
}

export interface VerifyReport {
  conversationId: string;
  ok: boolean;
  entries: number;
  /** Hash of the last entry read, or null for an empty transcript. */
  headHash: string | null;
  purged: number;
  attachmentsChecked: number;
  broken?: ChainBreak;
  /** Head hashes recorded elsewhere (a ticket's) and the entry each one is, if any. */
  anchors: Array<{ hash: string; seq: number | null }>;
}

export interface VerifyOptions {
  /** Stored bytes of an attachment, null when missing; when given, every unpurged attachment is rehashed. */
  readAttachment?: (sha256: string) => Promise<Uint8Array | null>;
  /** Hashes that must appear in the chain, e.g. the head hash a ticket recorded at creation. */
  anchors?: readonly string[];
}

/** Incremental verifier: feed entries in stored order; it stops checking after the first break. */
export class ChainVerifier {
  #expectedSeq = 1;
  #prev = GENESIS_HASH;
  #entries = 0;
  #purged = 0;
  #attachments = 0;
  #broken: ChainBreak | undefined;
  readonly #anchors: Map<string, number | null>;

  constructor(
    readonly conversationId: string,
    private readonly options: VerifyOptions = {},
  ) {
    this.#anchors = new Map((options.anchors ?? []).map((h) => [h, null]));
  }

  get broken(): ChainBreak | undefined {
    return this.#broken;
  }

  /** Checks the next entry; returns a promise only when attachment bytes have to be read. */
  push(entry: TranscriptEntry | StoredTranscriptEntry): undefined | Promise<void> {
    if (this.#broken) return undefined;
    this.#entries++;
    this.#broken = this.#check(entry);
    if (this.#broken) return undefined;
    if (this.options.readAttachment && !entry.purged && entry.attachments.length > 0) {
      return this.#checkAttachments(entry).then((broken) => {
        this.#broken = broken;
        if (!broken) this.#accept(entry);
      });
    }
    this.#accept(entry);
    return undefined;
  }

  #accept(entry: TranscriptEntry | StoredTranscriptEntry): void {
    if (entry.purged) this.#purged++;
    if (this.#anchors.has(entry.hash)) this.#anchors.set(entry.hash, entry.seq);
    this.#prev = entry.hash;
    this.#expectedSeq++;
  }

  #check(entry: TranscriptEntry | StoredTranscriptEntry): ChainBreak | undefined {
    const seq = entry.seq;
    if (seq !== this.#expectedSeq) {
      const detail =
        seq > this.#expectedSeq
          ? `entry ${this.#expectedSeq} is missing (next stored entry is ${seq})`
          : `entry ${seq} appears again or out of order after entry ${this.#expectedSeq - 1}`;
      return { seq: this.#expectedSeq, reason: 'seq_gap', detail };
    }
    if (entry.prevHash !== this.#prev) {
      return {
        seq,
        reason: 'prev_hash_mismatch',
        detail: `prevHash ${short(entry.prevHash)} is not the previous entry's hash ${short(this.#prev)}`,
      };
    }
    let recomputed: string;
    try {
      recomputed = this.#recompute(entry);
    } catch (err) {
      if (!(err instanceof CanonicalJsonError)) throw err;
      return { seq, reason: 'not_canonical', detail: `entry cannot be hashed: ${err.message}` };
    }
    if (recomputed !== entry.hash) {
      return {
        seq,
        reason: 'hash_mismatch',
        detail: `content does not match its hash: stored ${short(entry.hash)}, recomputed ${short(recomputed)} (payload or fields changed)`,
      };
    }
    return undefined;
  }

  /**
   * The entry's hash from its fields. A payload still in its stored JSON text is hashed as it is
   * first: stores write the canonical form, and if that matches, re-encoding it would give the same
   * text. Otherwise (rows written before, or edited) it is parsed and re-encoded, as `list` returns it.
   */
  #recompute(entry: TranscriptEntry | StoredTranscriptEntry): string {
    if (entry.purged) return this.#hashWith(entry, entry.purged.payloadHash);
    if (!('payloadJson' in entry)) return this.#hashWith(entry, payloadHash(entry.payload));
    const asStored = this.#hashWith(entry, sha256Hex(entry.payloadJson));
    if (asStored === entry.hash) return asStored;
    return this.#hashWith(entry, payloadHash(parseStored(entry.payloadJson)));
  }

  #hashWith(entry: TranscriptEntry | StoredTranscriptEntry, payloadHash: string): string {
    return entryHash(this.#prev, {
      conversationId: entry.conversationId,
      seq: entry.seq,
      at: entry.at,
      direction: entry.direction,
      channel: entry.channel,
      actor: entry.actor,
      type: entry.type,
      payloadHash,
      attachments: entry.attachments,
    });
  }

  async #checkAttachments(entry: TranscriptEntry | StoredTranscriptEntry): Promise<ChainBreak | undefined> {
    const read = this.options.readAttachment;
    if (!read || entry.purged) return undefined;
    for (const a of entry.attachments) {
      this.#attachments++;
      const bytes = await read(a.sha256);
      if (!bytes) {
        return { seq: entry.seq, reason: 'attachment_missing', detail: `attachment ${short(a.sha256)} is missing` };
      }
      const actual = sha256Hex(bytes);
      if (actual !== a.sha256 || bytes.byteLength !== a.bytes) {
        return {
          seq: entry.seq,
          reason: 'attachment_mismatch',
          detail: `attachment ${short(a.sha256)} bytes changed (now ${short(actual)}, ${bytes.byteLength} bytes)`,
        };
      }
    }
    return undefined;
  }

  report(): VerifyReport {
    let broken = this.#broken;
    const anchors = [...this.#anchors].map(([hash, seq]) => ({ hash, seq }));
    const lost = anchors.find((a) => a.seq === null);
    if (!broken && lost) {
      broken = {
        seq: this.#expectedSeq,
        reason: 'anchor_missing',
        detail: `the recorded head hash ${short(lost.hash)} is not in the chain (history was rewritten)`,
      };
    }
    return {
      conversationId: this.conversationId,
      ok: broken === undefined,
      entries: this.#entries,
      headHash: this.#entries === 0 ? null : this.#broken ? null : this.#prev,
      purged: this.#purged,
      attachmentsChecked: this.#attachments,
      ...(broken ? { broken } : {}),
      anchors,
    };
  }
}

function parseStored(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    throw new CanonicalJsonError('the stored payload is not JSON');
  }
}

const short = (hash: string): string => (hash.length > 16 ? `${hash.slice(0, 12)}…` : hash);

export async function verifyEntries(
  conversationId: string,
  entries: Iterable<TranscriptEntry | StoredTranscriptEntry>,
  options: VerifyOptions = {},
): Promise<VerifyReport> {
  const verifier = new ChainVerifier(conversationId, options);
  for (const entry of entries) {
    const pending = verifier.push(entry);
    if (pending) await pending;
    if (verifier.broken) break;
  }
  return verifier.report();
}

/**
 * Verifies a stored transcript page by page, so long transcripts are never held whole in memory;
 * with payloads as stored text when the store offers that (`listStored`).
 */
export async function verifyStored(
  store: TranscriptStore,
  conversationId: string,
  options: VerifyOptions & { pageSize?: number } = {},
): Promise<VerifyReport> {
  const verifier = new ChainVerifier(conversationId, options);
  // Small pages: rows of a big page outlive young-generation collections and cost more to collect.
  const pageSize = options.pageSize ?? 1000;
  const read = store.listStored ? store.listStored.bind(store) : store.list.bind(store);
  let fromSeq = 1;
  for (;;) {
    const page: Array<TranscriptEntry | StoredTranscriptEntry> = await read(conversationId, {
      fromSeq,
      limit: pageSize,
    });
    for (const entry of page) {
      const pending = verifier.push(entry);
      if (pending) await pending;
      if (verifier.broken) return verifier.report();
    }
    if (page.length < pageSize) break;
    fromSeq = page[page.length - 1]!.seq + 1;
  }
  return verifier.report();
}
