/** An in-memory TranscriptStore: a fake for tests and for runs that keep nothing. */
import {
  type PurgeMarker,
  SeqConflictError,
  type TranscriptEntry,
  type TranscriptStore,
} from '../ports/transcript-store.js';

const copy = (e: TranscriptEntry): TranscriptEntry => structuredClone(e);

export class MemoryTranscriptStore implements TranscriptStore {
  readonly #byConversation = new Map<string, TranscriptEntry[]>();

  async append(entry: TranscriptEntry): Promise<void> {
    const list = this.#byConversation.get(entry.conversationId) ?? [];
    if (list.some((e) => e.seq === entry.seq)) throw new SeqConflictError(entry.conversationId, entry.seq);
    list.push(copy(entry));
    list.sort((a, b) => a.seq - b.seq);
    this.#byConversation.set(entry.conversationId, list);
  }

  async head(conversationId: string): Promise<{ seq: number; hash: string } | null> {
    const last = this.#byConversation.get(conversationId)?.at(-1);
    return last ? { seq: last.seq, hash: last.hash } : null;
  }

  async list(conversationId: string, options: { fromSeq?: number; limit?: number } = {}): Promise<TranscriptEntry[]> {
    const from = options.fromSeq ?? 1;
    const all = (this.#byConversation.get(conversationId) ?? []).filter((e) => e.seq >= from);
    return all.slice(0, options.limit ?? all.length).map(copy);
  }

  async count(conversationId: string): Promise<number> {
    return this.#byConversation.get(conversationId)?.length ?? 0;
  }

  async expired(
    before: string,
    limit: number,
    after?: { at: string; conversationId: string; seq: number },
  ): Promise<TranscriptEntry[]> {
    const key = (e: { at: string; conversationId: string; seq: number }) =>
      `${e.at}\u0000${e.conversationId}\u0000${String(e.seq).padStart(12, '0')}`;
    const from = after ? key(after) : '';
    return [...this.#byConversation.values()]
      .flat()
      .filter((e) => !e.purged && e.at < before && key(e) > from)
      .sort((a, b) => (key(a) < key(b) ? -1 : 1))
      .slice(0, limit)
      .map(copy);
  }

  async markPurged(marks: Array<{ conversationId: string; seq: number; marker: PurgeMarker }>): Promise<void> {
    for (const { conversationId, seq, marker } of marks) {
      const entry = this.#byConversation.get(conversationId)?.find((e) => e.seq === seq);
      if (!entry) continue;
      entry.payload = null;
      entry.purged = { ...marker };
    }
  }

  async countAttachmentRefs(sha256: string, notBefore = ''): Promise<number> {
    let n = 0;
    for (const list of this.#byConversation.values())
      for (const e of list) if (!e.purged && e.at >= notBefore && e.attachments.some((a) => a.sha256 === sha256)) n++;
    return n;
  }

  /** Test hook: the stored entries themselves, to tamper with. */
  raw(conversationId: string): TranscriptEntry[] {
    return this.#byConversation.get(conversationId) ?? [];
  }
}
