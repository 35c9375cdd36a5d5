/**
 * The ownership lock. Guessing the checkout contact of someone else's order (phone numbers are shown
 * masked on order pages, 138****2046, so ten thousand guesses find one) is limited per sender and
 * order and per order across all senders, over a sliding window, whatever the sender does with the
 * conversation: the count lives in the OwnershipAttempts store, not in the dialog state.
 */
import type { OwnershipAttempt, OwnershipAttempts } from '../ports/ownership-attempts.js';
import type { DialogDeps, Turn } from './context.js';

export const OWNERSHIP_POLICY = {
  /** Failed attempts one sender may make on one order within the window. */
  perSender: 3,
  /** Failed attempts all senders together may make on one order within the window. */
  perOrder: 10,
  windowMs: 24 * 60 * 60_000,
} as const;

export interface OwnershipStatus {
  locked: boolean;
  /** Failed attempts left before the lock, for this sender. */
  left: number;
  /** When attempts become possible again (the oldest counted failure leaves the window). */
  until: Date | null;
}

/** Kept in memory, per process: for wiring without a database (tests, tools). */
export class MemoryOwnershipAttempts implements OwnershipAttempts {
  readonly #attempts: OwnershipAttempt[] = [];

  async record(attempt: OwnershipAttempt): Promise<void> {
    this.#attempts.push({ ...attempt });
  }

  async failures(orderNo: string, sender: string, since: string, limit: number) {
    const recent = this.#attempts
      .filter((a) => a.orderNo === orderNo && a.at >= since)
      .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
    return {
      byOrder: recent.slice(0, limit).map((a) => a.at),
      bySender: recent
        .filter((a) => a.sender === sender)
        .slice(0, limit)
        .map((a) => a.at),
    };
  }

  async history(orderNo: string, limit = 50): Promise<OwnershipAttempt[]> {
    return this.#attempts
      .filter((a) => a.orderNo === orderNo)
      .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0))
      .slice(0, limit)
      .map((a) => ({ ...a }));
  }
}

const fallback = new WeakMap<DialogDeps, OwnershipAttempts>();
const storeOf = (deps: DialogDeps): OwnershipAttempts => {
  if (deps.ownership) return deps.ownership;
  const known = fallback.get(deps);
  if (known) return known;
  const memory = new MemoryOwnershipAttempts();
  fallback.set(deps, memory);
  return memory;
};

/** Who is trying: the channel's user (the REST sender, the Telegram user, the web chat buyer). */
export const senderOf = (turn: Turn): string =>
  `${turn.conversation.channel}:${turn.inbound.userId ?? turn.conversation.id}`;

function statusFrom(failures: { byOrder: string[]; bySender: string[] }, now: Date): OwnershipStatus {
  const { perSender, perOrder, windowMs } = OWNERSHIP_POLICY;
  const senderLocked = failures.bySender.length >= perSender;
  const orderLocked = failures.byOrder.length >= perOrder;
  // The lock lifts when the oldest failure that makes up the limit leaves the window.
  const liftAt = (times: string[], limit: number) => Date.parse(times[limit - 1] ?? '') + windowMs;
  const until = [
    senderLocked ? liftAt(failures.bySender, perSender) : 0,
    orderLocked ? liftAt(failures.byOrder, perOrder) : 0,
  ];
  const latest = Math.max(...until);
  return {
    locked: senderLocked || orderLocked,
    left: Math.max(0, Math.min(perSender - failures.bySender.length, perOrder - failures.byOrder.length)),
    until: latest > now.getTime() ? new Date(latest) : null,
  };
}

function recentFailures(deps: DialogDeps, orderNo: string, sender: string, now: Date) {
  const { perSender, perOrder, windowMs } = OWNERSHIP_POLICY;
  const since = new Date(now.getTime() - windowMs).toISOString();
  return storeOf(deps).failures(orderNo, sender, since, Math.max(perSender, perOrder));
}

/** Whether this turn's sender may still try to prove `orderNo` is theirs. */
export async function ownershipStatus(turn: Turn, orderNo: string): Promise<OwnershipStatus> {
  return statusFrom(await recentFailures(turn.deps, orderNo, senderOf(turn), turn.now), turn.now);
}

/** Counts a failed proof; when it completes a lock, it is logged and kept with the attempt for agents. */
export async function ownershipFailed(turn: Turn, orderNo: string): Promise<OwnershipStatus> {
  const sender = senderOf(turn);
  const failures = await recentFailures(turn.deps, orderNo, sender, turn.now);
  const at = turn.now.toISOString();
  const before = statusFrom(failures, turn.now);
  const after = statusFrom({ byOrder: [at, ...failures.byOrder], bySender: [at, ...failures.bySender] }, turn.now);
  let locked: OwnershipAttempt['locked'] = null;
  if (after.locked && !before.locked) {
    locked = failures.byOrder.length + 1 >= OWNERSHIP_POLICY.perOrder ? 'order' : 'sender';
    turn.deps.log.warn(
      { orderNo, sender, lock: locked, until: after.until?.toISOString() },
      'ownership checks locked after repeated failures',
    );
  }
  await storeOf(turn.deps).record({
    orderNo,
    sender,
    channel: turn.conversation.channel,
    conversationId: turn.conversation.id,
    at,
    locked,
  });
  return after;
}
