import Database from 'better-sqlite3';

export type SqliteDatabase = Database.Database;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function openDatabase(file: string): SqliteDatabase {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  return db;
}

/**
 * Applies the migrations of one module (each adapter keeps its own list) that are not applied yet,
 * each in its own transaction. Versions must be increasing; an applied version is never re-run.
 */
export function applyMigrations(db: SqliteDatabase, module: string, migrations: readonly Migration[]): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    module TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL, applied_at TEXT NOT NULL,
    PRIMARY KEY (module, version))`);
  const applied = new Set(
    (db.prepare('SELECT version FROM schema_migrations WHERE module = ?').all(module) as { version: number }[]).map(
      (r) => r.version,
    ),
  );
  const done: number[] = [];
  let previous = 0;
  for (const m of migrations) {
    if (m.version <= previous) throw new Error(`migrations of ${module}: version ${m.version} is out of order`);
    previous = m.version;
    if (applied.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (module, version, name, applied_at) VALUES (?, ?, ?, ?)').run(
        module,
        m.version,
        m.name,
        new Date().toISOString(),
      );
    })();
    done.push(m.version);
  }
  return done;
}
