/** The sandbox platform's own SQLite file (not refund-desk's database: it plays the card site). */
import Database from 'better-sqlite3';

export type SandboxDb = Database.Database;

/** Versioned, append-only: never edit a released step, add a new one. */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE orders (
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
];

export function openSandboxDb(file: string): SandboxDb {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

function migrate(db: SandboxDb): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let version = current; version < MIGRATIONS.length; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version]!);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}
