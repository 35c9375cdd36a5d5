/** A fixed-window counter per key (client address): enough to slow password guessing on one process. */
export interface RateLimiter {
  /** Counts a hit; false when the key is over its limit in the current window. */
  hit(key: string, now?: Date): boolean;
}

export function createRateLimiter(options: { limit: number; windowMs: number; maxKeys?: number }): RateLimiter {
  const windows = new Map<string, { start: number; count: number }>();
  const maxKeys = options.maxKeys ?? 10_000;
  return {
    hit(key, now = new Date()) {
      const t = now.getTime();
      let w = windows.get(key);
      if (!w || t - w.start >= options.windowMs) {
        if (!w && windows.size >= maxKeys) {
          for (const [k, v] of windows) if (t - v.start >= options.windowMs) windows.delete(k);
          if (windows.size >= maxKeys) windows.delete(windows.keys().next().value as string);
        }
        w = { start: t, count: 0 };
        windows.set(key, w);
      }
      w.count += 1;
      return w.count <= options.limit;
    },
  };
}

/**
 * Back-off per (account, client): the `free`-th failure makes the pair wait `baseMs`, doubling with each
 * further failure up to `maxMs`; a success or `forgetMs` without failures clears it. Other clients
 * are not affected, so guessing from one place cannot lock an agent out, and an unknown e-mail is
 * throttled exactly like a known one.
 */
export interface LoginThrottle {
  /** Milliseconds this key must still wait (0: it may try). */
  wait(key: string, now: Date): number;
  /** Counts a failure; returns the wait it starts (0 while failures are still free). */
  fail(key: string, now: Date): number;
  clear(key: string): void;
}

export const LOGIN_BACKOFF = { free: 5, baseMs: 30_000, maxMs: 15 * 60_000, forgetMs: 60 * 60_000 };

export function createLoginThrottle(
  options: { free: number; baseMs: number; maxMs: number; forgetMs: number; maxKeys?: number } = LOGIN_BACKOFF,
): LoginThrottle {
  const keys = new Map<string, { failures: number; last: number; until: number }>();
  const maxKeys = options.maxKeys ?? 10_000;
  const current = (key: string, t: number) => {
    const k = keys.get(key);
    if (k && t - k.last >= options.forgetMs) {
      keys.delete(key);
      return undefined;
    }
    return k;
  };
  return {
    wait(key, now) {
      const k = current(key, now.getTime());
      return k ? Math.max(0, k.until - now.getTime()) : 0;
    },
    fail(key, now) {
      const t = now.getTime();
      let k = current(key, t);
      if (!k) {
        if (keys.size >= maxKeys) keys.delete(keys.keys().next().value as string);
        k = { failures: 0, last: t, until: 0 };
        keys.set(key, k);
      }
      k.failures += 1;
      k.last = t;
      const over = k.failures - options.free;
      const wait = over >= 0 ? Math.min(options.maxMs, options.baseMs * 2 ** over) : 0;
      k.until = t + wait;
      return wait;
    },
    clear(key) {
      keys.delete(key);
    },
  };
}
