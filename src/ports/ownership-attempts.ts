/**
 * Failed attempts to prove an order is one's own (order number + checkout contact), kept outside any
 * conversation so that cancelling, restarting or opening a new conversation does not reset them.
 * `src/dialog/ownership.ts` decides from them whether a sender, or everyone, is locked out of an order.
 */
import type { Channel } from '../core/domain.js';

export interface OwnershipAttempt {
  orderNo: string;
  /** Who tried: channel-qualified (`rest:buyer-42`, `telegram:12345`). */
  sender: string;
  channel: Channel;
  conversationId: string;
  at: string;
  /** Set on the attempt that locked the order for this sender or for everyone. */
  locked: 'sender' | 'order' | null;
}

export interface OwnershipAttempts {
  record(attempt: OwnershipAttempt): Promise<void>;
  /**
   * Times (ISO, newest first, at most `limit`) of failures on `orderNo` since `since`: all senders'
   * and this sender's.
   */
  failures(
    orderNo: string,
    sender: string,
    since: string,
    limit: number,
  ): Promise<{ byOrder: string[]; bySender: string[] }>;
  /** The newest attempts on an order, newest first (what agents see). */
  history(orderNo: string, limit?: number): Promise<OwnershipAttempt[]>;
}
