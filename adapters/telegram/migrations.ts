/** The Telegram channel's own tables (module `telegram` in schema_migrations). */
import type { Migration } from '../storage-sqlite/index.js';

export const telegramMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'updates, link codes, bindings, keyboards',
    sql: `
      CREATE TABLE telegram_updates (
        update_id INTEGER PRIMARY KEY,
        claimed_at TEXT NOT NULL
      );
      CREATE INDEX telegram_updates_claimed_at ON telegram_updates (claimed_at);

      -- Only the SHA-256 of a link code is stored: a leaked database does not leak usable codes.
      CREATE TABLE telegram_link_codes (
        code_hash TEXT PRIMARY KEY,
        buyer_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        used_at TEXT,
        used_by TEXT
      );

      CREATE TABLE telegram_bindings (
        user_id TEXT PRIMARY KEY,
        buyer_id TEXT NOT NULL,
        bound_at TEXT NOT NULL
      );

      -- The last message per chat that still shows an inline keyboard, so it can be removed once stale.
      CREATE TABLE telegram_keyboards (
        chat_id INTEGER PRIMARY KEY,
        message_id INTEGER NOT NULL
      );

      -- Button payloads longer than Telegram's 64-byte callback_data.
      CREATE TABLE telegram_payloads (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        payload TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
    `,
  },
];
