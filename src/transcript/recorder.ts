/**
 * The one place transcript entries are made (SPEC §8): appends are serialised per conversation,
 * each entry is hash-chained to the previous one and resolves only once the store has written it,
 * so a caller that awaits `record` before sending a reply never sends an unrecorded message.
 */

import type { JsonObject } from '../core/json.js';
import type { Recorder, RecordInput, TranscriptEvent } from '../ports/recorder.js';
import { SeqConflictError, type TranscriptEntry, type TranscriptStore } from '../ports/transcript-store.js';
import { entryHash, GENESIS_HASH, payloadHash } from './canonical.js';

export interface ChainRecorderOptions {
  store: TranscriptStore;
  now?: () => Date;
  /** Attempts when another process appended the same seq first (several instances, one database). */
  maxConflictRetries?: number;
}

type Head = { seq: number; hash: string };
const HEAD_CACHE_SIZE = 10_000;

export class ChainRecorder implements Recorder {
  readonly #store: TranscriptStore;
  readonly #now: () => Date;
  readonly #retries: number;
  /** Tail of each conversation's queue of appends: the next append waits for it. */
  readonly #tails = new Map<string, Promise<unknown>>();
  /** Last head this process wrote, so a steady conversation does not read the head on every append. */
  readonly #heads = new Map<string, Head>();

  constructor(options: ChainRecorderOptions) {
    this.#store = options.store;
    this.#now = options.now ?? (() => new Date());
    this.#retries = options.maxConflictRetries ?? 5;
  }

  record(conversationId: string, input: RecordInput): Promise<TranscriptEntry> {
    const previous = this.#tails.get(conversationId) ?? Promise.resolve();
    const next = previous.then(
      () => this.#append(conversationId, input),
      () => this.#append(conversationId, input),
    );
    const tail = next.catch(() => undefined);
    this.#tails.set(conversationId, tail);
    void tail.then(() => {
      if (this.#tails.get(conversationId) === tail) this.#tails.delete(conversationId);
    });
    return next;
  }

  async head(conversationId: string): Promise<Head | null> {
    await this.#tails.get(conversationId);
    return this.#store.head(conversationId);
  }

  #remember(conversationId: string, head: Head): void {
    this.#heads.delete(conversationId);
    this.#heads.set(conversationId, head);
    if (this.#heads.size > HEAD_CACHE_SIZE) this.#heads.delete(this.#heads.keys().next().value as string);
  }

  async #append(conversationId: string, input: RecordInput): Promise<TranscriptEntry> {
    const ph = payloadHash(input.payload);
    for (let attempt = 0; ; attempt++) {
      const head = this.#heads.get(conversationId) ?? (await this.#store.head(conversationId));
      const prevHash = head?.hash ?? GENESIS_HASH;
      const base = {
        conversationId,
        seq: (head?.seq ?? 0) + 1,
        at: this.#now().toISOString(),
        direction: input.direction,
        channel: input.channel,
        actor: input.actor,
        type: input.type,
        payload: input.payload,
        attachments: (input.attachments ?? []).map((a) => ({
          sha256: a.sha256,
          mime: a.mime,
          bytes: a.bytes,
          name: a.name,
        })),
        prevHash,
      };
      const entry: TranscriptEntry = { ...base, hash: entryHash(prevHash, { ...base, payloadHash: ph }) };
      try {
        await this.#store.append(entry);
        this.#remember(conversationId, { seq: entry.seq, hash: entry.hash });
        return entry;
      } catch (err) {
        this.#heads.delete(conversationId);
        if (!(err instanceof SeqConflictError) || attempt >= this.#retries) throw err;
      }
    }
  }
}

/** The payload of an `event` entry: the event name and what the bot decided. */
export function eventPayload(event: TranscriptEvent, data: JsonObject = {}): JsonObject {
  return { event, data };
}
