import type { Channel } from '../../src/core/domain.js';
import type { OwnershipAttempt, OwnershipAttempts } from '../../src/ports/ownership-attempts.js';
import type { SqliteDatabase } from './database.js';

interface Row {
  order_no: string;
  sender: string;
  channel: string;
  conversation_id: string;
  at: string;
  locked: string | null;
}

export function sqliteOwnershipAttempts(db: SqliteDatabase): OwnershipAttempts {
  const insert = db.prepare(
    `INSERT INTO ownership_attempts (order_no, sender, channel, conversation_id, at, locked)
     VALUES (@orderNo, @sender, @channel, @conversationId, @at, @locked)`,
  );
  const byOrder = db.prepare<[string, string, number], { at: string }>(
    'SELECT at FROM ownership_attempts WHERE order_no = ? AND at >= ? ORDER BY at DESC, id DESC LIMIT ?',
  );
  const bySender = db.prepare<[string, string, string, number], { at: string }>(
    'SELECT at FROM ownership_attempts WHERE order_no = ? AND sender = ? AND at >= ? ORDER BY at DESC, id DESC LIMIT ?',
  );
  const history = db.prepare<[string, number], Row>(
    'SELECT * FROM ownership_attempts WHERE order_no = ? ORDER BY at DESC, id DESC LIMIT ?',
  );
  return {
    async record(attempt) {
      insert.run(attempt);
    },
    async failures(orderNo, sender, since, limit) {
      return {
        byOrder: byOrder.all(orderNo, since, limit).map((r) => r.at),
        bySender: bySender.all(orderNo, sender, since, limit).map((r) => r.at),
      };
    },
    async history(orderNo, limit = 50) {
      return history.all(orderNo, limit).map(
        (r): OwnershipAttempt => ({
          orderNo: r.order_no,
          sender: r.sender,
          channel: r.channel as Channel,
          conversationId: r.conversation_id,
          at: r.at,
          locked: r.locked === 'sender' || r.locked === 'order' ? r.locked : null,
        }),
      );
    },
  };
}
