import type { JsonValue } from '../../src/core/json.js';
import type { Outbox, OutboxItem, OutboxStatus } from '../../src/ports/outbox.js';
import type { SqliteDatabase } from './database.js';

interface Row {
  id: number;
  kind: string;
  payload: string;
  idempotency_key: string;
  status: string;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  result: string;
  created_at: string;
}

const toItem = (r: Row): OutboxItem => ({
  id: r.id,
  kind: r.kind,
  payload: JSON.parse(r.payload) as JsonValue,
  idempotencyKey: r.idempotency_key,
  status: r.status as OutboxStatus,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  lastError: r.last_error,
  result: JSON.parse(r.result) as JsonValue,
  createdAt: r.created_at,
});

export function sqliteOutbox(db: SqliteDatabase): Outbox {
  const insert = db.prepare(
    `INSERT INTO outbox (kind, payload, idempotency_key, status, next_attempt_at, created_at)
     VALUES (@kind, @payload, @idempotencyKey, 'pending', @now, @now) ON CONFLICT (idempotency_key) DO NOTHING`,
  );
  const byKey = db.prepare<[string], Row>('SELECT * FROM outbox WHERE idempotency_key = ?');
  const byId = db.prepare<[number], Row>('SELECT * FROM outbox WHERE id = ?');
  const due = db.prepare<[string, number], Row>(
    `SELECT * FROM outbox WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?`,
  );
  const complete = db.prepare(
    `UPDATE outbox SET status = 'done', attempts = attempts + 1, result = ?, last_error = NULL WHERE id = ?`,
  );
  const retry = db.prepare(
    `UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ? AND status = 'pending'`,
  );
  const fail = db.prepare(`UPDATE outbox SET status = 'dead', attempts = attempts + 1, last_error = ? WHERE id = ?`);

  return {
    async enqueue(item) {
      insert.run({
        kind: item.kind,
        payload: JSON.stringify(item.payload),
        idempotencyKey: item.idempotencyKey,
        now: new Date().toISOString(),
      });
      return toItem(byKey.get(item.idempotencyKey)!);
    },
    async get(id) {
      const row = byId.get(id);
      return row ? toItem(row) : null;
    },
    async due(now, limit = 20) {
      return due.all(now.toISOString(), limit).map(toItem);
    },
    async complete(id, result) {
      complete.run(JSON.stringify(result), id);
    },
    async retryLater(id, nextAttemptAt, error) {
      retry.run(nextAttemptAt.toISOString(), error.slice(0, 2000), id);
    },
    async fail(id, error) {
      fail.run(error.slice(0, 2000), id);
    },
  };
}
