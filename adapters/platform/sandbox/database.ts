/** The sandbox platform's own SQLite file (not refund-desk's database: it plays the card site). */
import { applyMigrations, type Migration, openDatabase, type SqliteDatabase } from '../../storage-sqlite/database.js';

export type SandboxDb = SqliteDatabase;

/** Module `platform-sandbox`. Append new versions; never edit an applied one. */
const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'orders, tickets, idempotency keys, meta',
    sql: `CREATE TABLE orders (
     order_no TEXT PRIMARY KEY,
     buyer_id TEXT NOT NULL,
     data TEXT NOT NULL
   );
   CREATE INDEX orders_buyer ON orders (buyer_id);
   CREATE TABLE tickets (
     ticket_id TEXT PRIMARY KEY,
     order_no TEXT NOT NULL,
     buyer_id TEXT NOT NULL,
     scenario TEXT NOT NULL,
     status TEXT NOT NULL,
     created_at TEXT NOT NULL,
     data TEXT NOT NULL
   );
   CREATE INDEX tickets_order ON tickets (order_no, scenario, status);
   CREATE INDEX tickets_buyer ON tickets (buyer_id);
   CREATE TABLE idempotency (
     key TEXT PRIMARY KEY,
     body_hash TEXT NOT NULL,
     status INTEGER NOT NULL,
     response TEXT NOT NULL,
     created_at TEXT NOT NULL
   );
   CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);`,
  },
  {
    version: 2,
    name: 'webhook outbox and subscribers',
    sql: `CREATE TABLE webhook_outbox (
     key TEXT PRIMARY KEY,
     event_id TEXT NOT NULL,
     target TEXT NOT NULL,
     body TEXT NOT NULL,
     rounds INTEGER NOT NULL,
     created_at TEXT NOT NULL
   );
   CREATE TABLE webhook_subscribers (
     id TEXT PRIMARY KEY,
     url TEXT NOT NULL,
     secret TEXT NOT NULL,
     created_at TEXT NOT NULL
   );`,
  },
];

export function openSandboxDb(file: string): SandboxDb {
  const db = openDatabase(file);
  applyMigrations(db, 'platform-sandbox', MIGRATIONS);
  return db;
}
