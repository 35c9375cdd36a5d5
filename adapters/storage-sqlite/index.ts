import type { Storage } from '../../src/ports/storage.js';

export async function openSqliteStorage(_options: { file: string }): Promise<Storage> {
  throw new Error('SQLite storage: not implemented yet (issue 2)');
}
