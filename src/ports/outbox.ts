import type { JsonValue } from '../core/json.js';

export type OutboxStatus = 'pending' | 'done' | 'dead';

/** A call to the platform that must happen eventually, retried until it does. */
export interface OutboxItem {
  id: number;
  kind: string;
  payload: JsonValue;
  idempotencyKey: string;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  result: JsonValue;
  createdAt: string;
}

export interface Outbox {
  /** Enqueues once per idempotency key; a repeat returns the existing item. */
  enqueue(item: { kind: string; payload: JsonValue; idempotencyKey: string }): Promise<OutboxItem>;
  get(id: number): Promise<OutboxItem | null>;
  /** Pending items due at `now`, oldest first. */
  due(now: Date, limit?: number): Promise<OutboxItem[]>;
  complete(id: number, result: JsonValue): Promise<void>;
  retryLater(id: number, nextAttemptAt: Date, error: string): Promise<void>;
  fail(id: number, error: string): Promise<void>;
}
