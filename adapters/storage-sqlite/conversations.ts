import type { Channel, Lang } from '../../src/core/domain.js';
import type { JsonObject, JsonValue } from '../../src/core/json.js';
import {
  type ConversationRecord,
  type ConversationStore,
  type NewConversation,
  VersionConflictError,
} from '../../src/ports/conversation-store.js';
import type { SqliteDatabase } from './database.js';

interface Row {
  id: string;
  channel: string;
  address: string;
  buyer_id: string | null;
  lang: string;
  state: string;
  handoff: number;
  version: number;
  created_at: string;
  updated_at: string;
}

const toRecord = (r: Row): ConversationRecord => ({
  id: r.id,
  channel: r.channel as Channel,
  address: JSON.parse(r.address) as JsonObject,
  buyerId: r.buyer_id,
  lang: r.lang as Lang,
  state: JSON.parse(r.state) as JsonValue,
  handoff: r.handoff === 1,
  version: r.version,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export function sqliteConversationStore(db: SqliteDatabase): ConversationStore {
  const select = db.prepare<[string], Row>('SELECT * FROM conversations WHERE id = ?');
  const insert = db.prepare(
    `INSERT INTO conversations (id, channel, address, buyer_id, lang, state, handoff, version, created_at, updated_at)
     VALUES (@id, @channel, @address, @buyerId, @lang, @state, 0, 1, @now, @now) ON CONFLICT (id) DO NOTHING`,
  );
  const update = db.prepare(
    `UPDATE conversations SET channel = @channel, address = @address, buyer_id = @buyerId, lang = @lang, state = @state,
       handoff = @handoff, version = version + 1, updated_at = @now
     WHERE id = @id AND version = @version`,
  );
  const byBuyer = db.prepare<[string], Row>('SELECT * FROM conversations WHERE buyer_id = ? ORDER BY updated_at DESC');
  const handoff = db.prepare<[number], Row>(
    'SELECT * FROM conversations WHERE handoff = 1 ORDER BY updated_at DESC LIMIT ?',
  );

  return {
    async get(id) {
      const row = select.get(id);
      return row ? toRecord(row) : null;
    },
    async getOrCreate(init: NewConversation) {
      insert.run({
        id: init.id,
        channel: init.channel,
        address: JSON.stringify(init.address),
        buyerId: init.buyerId,
        lang: init.lang,
        state: JSON.stringify(init.state),
        now: new Date().toISOString(),
      });
      return toRecord(select.get(init.id)!);
    },
    async save(record) {
      const now = new Date().toISOString();
      const result = update.run({
        id: record.id,
        channel: record.channel,
        address: JSON.stringify(record.address),
        buyerId: record.buyerId,
        lang: record.lang,
        state: JSON.stringify(record.state),
        handoff: record.handoff ? 1 : 0,
        version: record.version,
        now,
      });
      if (result.changes !== 1) throw new VersionConflictError(record.id);
      return { ...record, version: record.version + 1, updatedAt: now };
    },
    async listByBuyer(buyerId) {
      return byBuyer.all(buyerId).map(toRecord);
    },
    async listHandoff(limit = 100) {
      return handoff.all(limit).map(toRecord);
    },
  };
}
