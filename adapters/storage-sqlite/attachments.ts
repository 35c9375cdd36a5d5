import type { AttachmentMeta, AttachmentStore } from '../../src/ports/attachment-store.js';
import type { SqliteDatabase } from './database.js';

interface Row {
  sha256: string;
  conversation_id: string;
  mime: string;
  bytes: number;
  name: string;
  created_at: string;
}

const toMeta = (r: Row): AttachmentMeta => ({
  sha256: r.sha256,
  conversationId: r.conversation_id,
  mime: r.mime,
  bytes: r.bytes,
  name: r.name,
  createdAt: r.created_at,
});

export function sqliteAttachmentStore(db: SqliteDatabase): AttachmentStore {
  const insert = db.prepare(
    `INSERT INTO attachments (sha256, conversation_id, mime, bytes, name, created_at)
     VALUES (@sha256, @conversationId, @mime, @bytes, @name, @createdAt) ON CONFLICT DO NOTHING`,
  );
  const get = db.prepare<[string], Row>('SELECT * FROM attachments WHERE sha256 = ? ORDER BY created_at LIMIT 1');
  const byConversation = db.prepare<[string], Row>(
    'SELECT * FROM attachments WHERE conversation_id = ? ORDER BY created_at, sha256',
  );
  return {
    async put(meta) {
      insert.run(meta);
    },
    async get(sha256) {
      const row = get.get(sha256);
      return row ? toMeta(row) : null;
    },
    async listByConversation(conversationId) {
      return byConversation.all(conversationId).map(toMeta);
    },
  };
}
