/** The Direct Line tables in refund-desk's SQLite database (module `webchat`, its own migrations). */
import type Database from 'better-sqlite3';
import type { Activity, ActivityDraft } from './activity.js';
import {
  type ActivityPage,
  type ActivityStore,
  type DirectLineConversation,
  materialise,
  type StoredUpload,
} from './store.js';

export interface WebchatMigration {
  version: number;
  name: string;
  sql: string;
}

export const WEBCHAT_MIGRATION_MODULE = 'webchat';

export const webchatMigrations: readonly WebchatMigration[] = [
  {
    version: 1,
    name: 'direct line conversations, activities, uploads',
    sql: `
      CREATE TABLE webchat_conversations (
        id TEXT PRIMARY KEY,
        buyer_id TEXT NOT NULL,
        locale TEXT,
        created_at TEXT NOT NULL,
        last_seq INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX webchat_conversations_buyer ON webchat_conversations (buyer_id, created_at);
      CREATE TABLE webchat_activities (
        conversation_id TEXT NOT NULL REFERENCES webchat_conversations (id),
        seq INTEGER NOT NULL,
        client_activity_id TEXT,
        activity TEXT NOT NULL,
        PRIMARY KEY (conversation_id, seq)
      );
      CREATE INDEX webchat_activities_client ON webchat_activities (conversation_id, client_activity_id);
      CREATE TABLE webchat_uploads (
        id TEXT PRIMARY KEY,
        conversation_id TEXT NOT NULL REFERENCES webchat_conversations (id),
        name TEXT NOT NULL,
        content_type TEXT NOT NULL,
        bytes BLOB NOT NULL
      );
    `,
  },
];

interface ConversationRow {
  id: string;
  buyer_id: string;
  locale: string | null;
  created_at: string;
}

const toConversation = (r: ConversationRow): DirectLineConversation => ({
  id: r.id,
  buyerId: r.buyer_id,
  locale: r.locale,
  createdAt: r.created_at,
});

export function sqliteActivityStore(db: Database.Database, now: () => Date = () => new Date()): ActivityStore {
  const insertConversation = db.prepare(
    'INSERT OR IGNORE INTO webchat_conversations (id, buyer_id, locale, created_at) VALUES (?, ?, ?, ?)',
  );
  const selectConversation = db.prepare('SELECT * FROM webchat_conversations WHERE id = ?');
  const selectLatest = db.prepare(
    'SELECT * FROM webchat_conversations WHERE buyer_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1',
  );
  const bumpSeq = db.prepare(
    'UPDATE webchat_conversations SET last_seq = last_seq + 1 WHERE id = ? RETURNING last_seq',
  );
  const insertActivity = db.prepare(
    'INSERT INTO webchat_activities (conversation_id, seq, client_activity_id, activity) VALUES (?, ?, ?, ?)',
  );
  const selectPage = db.prepare(
    'SELECT seq, activity FROM webchat_activities WHERE conversation_id = ? AND seq > ? ORDER BY seq LIMIT ?',
  );
  const selectByClientId = db.prepare(
    'SELECT activity FROM webchat_activities WHERE conversation_id = ? AND client_activity_id = ? LIMIT 1',
  );
  const insertUpload = db.prepare(
    'INSERT OR IGNORE INTO webchat_uploads (id, conversation_id, name, content_type, bytes) VALUES (?, ?, ?, ?, ?)',
  );
  const selectUpload = db.prepare('SELECT * FROM webchat_uploads WHERE id = ?');

  const append = db.transaction((conversationId: string, draft: ActivityDraft): Activity => {
    const row = bumpSeq.get(conversationId) as { last_seq: number } | undefined;
    if (!row) throw new Error(`unknown Direct Line conversation ${conversationId}`);
    const activity = materialise(conversationId, row.last_seq, now(), draft);
    const clientId = activity.channelData?.clientActivityID;
    insertActivity.run(
      conversationId,
      row.last_seq,
      typeof clientId === 'string' ? clientId : null,
      JSON.stringify(activity),
    );
    return activity;
  });

  return {
    async openConversation(init) {
      insertConversation.run(init.id, init.buyerId, init.locale, now().toISOString());
      return toConversation(selectConversation.get(init.id) as ConversationRow);
    },
    async getConversation(id) {
      const row = selectConversation.get(id) as ConversationRow | undefined;
      return row ? toConversation(row) : null;
    },
    async latestConversation(buyerId) {
      const row = selectLatest.get(buyerId) as ConversationRow | undefined;
      return row ? toConversation(row) : null;
    },
    async append(conversationId, draft) {
      return append(conversationId, draft);
    },
    async list(conversationId, watermark, limit): Promise<ActivityPage> {
      const rows = selectPage.all(conversationId, watermark, limit) as { seq: number; activity: string }[];
      return {
        activities: rows.map((r) => JSON.parse(r.activity) as Activity),
        watermark: String(rows.at(-1)?.seq ?? watermark),
      };
    },
    async findByClientActivityId(conversationId, clientActivityId) {
      const row = selectByClientId.get(conversationId, clientActivityId) as { activity: string } | undefined;
      return row ? (JSON.parse(row.activity) as Activity) : null;
    },
    async putUpload(upload: StoredUpload) {
      insertUpload.run(upload.id, upload.conversationId, upload.name, upload.contentType, Buffer.from(upload.bytes));
    },
    async getUpload(id) {
      const row = selectUpload.get(id) as
        | { id: string; conversation_id: string; name: string; content_type: string; bytes: Buffer }
        | undefined;
      return row
        ? {
            id: row.id,
            conversationId: row.conversation_id,
            name: row.name,
            contentType: row.content_type,
            bytes: new Uint8Array(row.bytes),
          }
        : null;
    },
  };
}
