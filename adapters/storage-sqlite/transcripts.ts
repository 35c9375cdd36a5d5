import type { Channel } from '../../src/core/domain.js';
import type { JsonValue } from '../../src/core/json.js';
import {
  type AttachmentRef,
  type Direction,
  type EntryType,
  SeqConflictError,
  type TranscriptEntry,
  type TranscriptStore,
} from '../../src/ports/transcript-store.js';
import type { SqliteDatabase } from './database.js';

interface Row {
  conversation_id: string;
  seq: number;
  at: string;
  direction: string;
  channel: string;
  actor: string;
  type: string;
  payload: string;
  attachments: string;
  prev_hash: string;
  hash: string;
}

const toEntry = (r: Row): TranscriptEntry => ({
  conversationId: r.conversation_id,
  seq: r.seq,
  at: r.at,
  direction: r.direction as Direction,
  channel: r.channel as Channel,
  actor: r.actor,
  type: r.type as EntryType,
  payload: JSON.parse(r.payload) as JsonValue,
  attachments: JSON.parse(r.attachments) as AttachmentRef[],
  prevHash: r.prev_hash,
  hash: r.hash,
});

export function sqliteTranscriptStore(db: SqliteDatabase): TranscriptStore {
  const insert = db.prepare(
    `INSERT INTO transcript_entries (conversation_id, seq, at, direction, channel, actor, type, payload, attachments, prev_hash, hash)
     VALUES (@conversationId, @seq, @at, @direction, @channel, @actor, @type, @payload, @attachments, @prevHash, @hash)`,
  );
  const head = db.prepare<[string], { seq: number; hash: string }>(
    'SELECT seq, hash FROM transcript_entries WHERE conversation_id = ? ORDER BY seq DESC LIMIT 1',
  );
  const list = db.prepare<[string, number, number], Row>(
    'SELECT * FROM transcript_entries WHERE conversation_id = ? AND seq >= ? ORDER BY seq LIMIT ?',
  );
  const count = db.prepare<[string], { n: number }>(
    'SELECT COUNT(*) AS n FROM transcript_entries WHERE conversation_id = ?',
  );

  return {
    async append(entry) {
      try {
        insert.run({
          ...entry,
          payload: JSON.stringify(entry.payload),
          attachments: JSON.stringify(entry.attachments),
        });
      } catch (err) {
        if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
          throw new SeqConflictError(entry.conversationId, entry.seq);
        }
        throw err;
      }
    },
    async head(conversationId) {
      return head.get(conversationId) ?? null;
    },
    async list(conversationId, options = {}) {
      return list.all(conversationId, options.fromSeq ?? 0, options.limit ?? -1).map(toEntry);
    },
    async count(conversationId) {
      return count.get(conversationId)?.n ?? 0;
    },
  };
}
