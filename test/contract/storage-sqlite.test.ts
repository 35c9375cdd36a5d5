import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStorage } from '../../adapters/storage-sqlite/index.js';
import { describeStorageContract } from './storage.contract.js';

const dir = mkdtempSync(join(tmpdir(), 'refund-desk-storage-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
describeStorageContract('SQLite (file)', () => openSqliteStorage({ file: join(dir, `db-${++n}.sqlite`) }));
describeStorageContract('SQLite (memory)', () => openSqliteStorage({ file: ':memory:' }));

describe('SQLite storage on disk', () => {
  it('keeps data across a close and reopen, applying migrations once', async () => {
    const file = join(dir, 'reopen.sqlite');
    const first = await openSqliteStorage({ file });
    await first.conversations.getOrCreate({
      id: 'c',
      channel: 'rest',
      address: {},
      buyerId: 'b',
      lang: 'zh',
      state: { s: 1 },
    });
    await first.close();
    const second = await openSqliteStorage({ file });
    expect((await second.conversations.get('c'))?.state).toEqual({ s: 1 });
    const rows = second.db.prepare("SELECT version FROM schema_migrations WHERE module = 'core'").all();
    expect(rows).toEqual([{ version: 1 }, { version: 2 }, { version: 3 }]);
    await second.close();
  });
});
