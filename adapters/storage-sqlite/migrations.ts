import type { Migration } from './database.js';

/** Schema of refund-desk's own data (module `core`). Append new versions; never edit an applied one. */
export const coreMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'conversations, transcript, attachments, tickets, outbox',
    sql: `
      CREATE TABLE conversations (
        id TEXT PRIMARY KEY,
        channel TEXT NOT NULL,
        address TEXT NOT NULL,
        buyer_id TEXT,
        lang TEXT NOT NULL,
        state TEXT NOT NULL,
        handoff INTEGER NOT NULL DEFAULT 0,
        version INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX conversations_buyer ON conversations (buyer_id);
      CREATE INDEX conversations_handoff ON conversations (handoff, updated_at);

      CREATE TABLE transcript_entries (
        conversation_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        at TEXT NOT NULL,
        direction TEXT NOT NULL,
        channel TEXT NOT NULL,
        actor TEXT NOT NULL,
        type TEXT NOT NULL,
        payload TEXT NOT NULL,
        attachments TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL,
        PRIMARY KEY (conversation_id, seq)
      ) WITHOUT ROWID;

      CREATE TABLE attachments (
        sha256 TEXT NOT NULL,
        conversation_id TEXT NOT NULL,
        mime TEXT NOT NULL,
        bytes INTEGER NOT NULL,
        name TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (sha256, conversation_id)
      );
      CREATE INDEX attachments_conversation ON attachments (conversation_id, created_at);

      CREATE TABLE tickets (
        ticket_id TEXT PRIMARY KEY,
        order_no TEXT NOT NULL,
        buyer_id TEXT NOT NULL,
        conversation_id TEXT NOT NULL,
        channel TEXT NOT NULL,
        scenario TEXT NOT NULL,
        assessment TEXT NOT NULL,
        assessment_result TEXT NOT NULL,
        status TEXT NOT NULL,
        head_hash TEXT NOT NULL,
        sla_due_at TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX tickets_sla ON tickets (sla_due_at);
      CREATE INDEX tickets_order ON tickets (order_no);
      CREATE INDEX tickets_conversation ON tickets (conversation_id);
      CREATE INDEX tickets_buyer ON tickets (buyer_id);

      CREATE TABLE outbox (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        payload TEXT NOT NULL,
        idempotency_key TEXT NOT NULL UNIQUE,
        status TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT NOT NULL,
        last_error TEXT,
        result TEXT NOT NULL DEFAULT 'null',
        created_at TEXT NOT NULL
      );
      CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
    `,
  },
  {
    version: 2,
    name: 'transcript retention: purge markers',
    sql: `
      ALTER TABLE transcript_entries ADD COLUMN purged_payload_hash TEXT;
      ALTER TABLE transcript_entries ADD COLUMN purged_at TEXT;
      CREATE INDEX transcript_entries_unpurged_at ON transcript_entries (at) WHERE purged_at IS NULL;
    `,
  },
  {
    version: 3,
    name: 'ownership attempts',
    sql: `
      CREATE TABLE ownership_attempts (
        id INTEGER PRIMARY KEY,
        order_no TEXT NOT NULL,
        sender TEXT NOT NULL,
        channel TEXT NOT NULL,
        conversation_id TEXT NOT NULL,
        at TEXT NOT NULL,
        locked TEXT
      );
      CREATE INDEX ownership_attempts_order ON ownership_attempts (order_no, at);
      CREATE INDEX ownership_attempts_sender ON ownership_attempts (order_no, sender, at);
    `,
  },
];
