import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Storage } from '../../src/ports/storage.js';
import { sqliteAttachmentStore } from './attachments.js';
import { sqliteConversationStore } from './conversations.js';
import { applyMigrations, type Migration, openDatabase, type SqliteDatabase } from './database.js';
import { coreMigrations } from './migrations.js';
import { sqliteOutbox } from './outbox.js';
import { sqliteOwnershipAttempts } from './ownership.js';
import { sqliteTicketStore } from './tickets.js';
import { sqliteTranscriptStore } from './transcripts.js';

export { applyMigrations, type Migration, type SqliteDatabase };

export interface SqliteStorage extends Storage {
  /** The handle, for sibling adapters that keep their own tables (with their own migrations). */
  db: SqliteDatabase;
}

/** Opens (creating if needed) the SQLite database and applies pending migrations. `:memory:` works for tests. */
export async function openSqliteStorage(options: { file: string }): Promise<SqliteStorage> {
  if (options.file !== ':memory:') mkdirSync(dirname(options.file), { recursive: true });
  const db = openDatabase(options.file);
  applyMigrations(db, 'core', coreMigrations);
  return {
    db,
    conversations: sqliteConversationStore(db),
    transcripts: sqliteTranscriptStore(db),
    attachments: sqliteAttachmentStore(db),
    tickets: sqliteTicketStore(db),
    outbox: sqliteOutbox(db),
    ownership: sqliteOwnershipAttempts(db),
    async ping() {
      return db.prepare('SELECT 1 AS ok').get() !== undefined;
    },
    async close() {
      if (db.open) db.close();
    },
  };
}
