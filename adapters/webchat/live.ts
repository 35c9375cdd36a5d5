/** In-process fan-out to open WebSocket streams: "something new in conversation X" and typing indicators. */
import type { Activity } from './activity.js';

export interface LiveListener {
  /** New stored activities exist: read them from the store after your watermark. */
  changed(): void;
  /** A transient activity (typing) that is not stored. */
  transient(activity: Activity): void;
}

export class LiveFeed {
  readonly #listeners = new Map<string, Set<LiveListener>>();

  subscribe(conversationId: string, listener: LiveListener): () => void {
    let set = this.#listeners.get(conversationId);
    if (!set) {
      set = new Set();
      this.#listeners.set(conversationId, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.#listeners.delete(conversationId);
    };
  }

  changed(conversationId: string): void {
    for (const l of this.#listeners.get(conversationId) ?? []) l.changed();
  }

  transient(conversationId: string, activity: Activity): void {
    for (const l of this.#listeners.get(conversationId) ?? []) l.transient(activity);
  }

  listening(conversationId: string): number {
    return this.#listeners.get(conversationId)?.size ?? 0;
  }
}

/** A token bucket per key: `burst` messages at once, refilled at `perSecond`. */
export class RateLimiter {
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly burst: number,
    private readonly perSecond: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** 0 when allowed, else the milliseconds until the next message would be. */
  take(key: string): number {
    const now = this.now();
    const bucket = this.#buckets.get(key) ?? { tokens: this.burst, at: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond);
    bucket.at = now;
    this.#buckets.set(key, bucket);
    if (this.#buckets.size > 10_000) this.#sweep(now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - bucket.tokens) / this.perSecond) * 1000);
  }

  #sweep(now: number): void {
    const full = (this.burst / this.perSecond) * 1000;
    for (const [key, b] of this.#buckets) if (now - b.at > full) this.#buckets.delete(key);
  }
}
