import { describe, expect, it } from 'vitest';
import { sqliteAgentStore, sqliteConversationCounter } from '../../adapters/storage-sqlite/agents.js';
import { openSqliteStorage } from '../../adapters/storage-sqlite/index.js';
import { agentStoreContract } from './agent-store.contract.js';

agentStoreContract('sqlite', async () => sqliteAgentStore((await openSqliteStorage({ file: ':memory:' })).db));

describe('sqlite agent tables', () => {
  it('migrate once, under their own module name', async () => {
    const { db } = await openSqliteStorage({ file: ':memory:' });
    sqliteAgentStore(db);
    sqliteAgentStore(db);
    const rows = db.prepare("SELECT version FROM schema_migrations WHERE module = 'agents'").all();
    expect(rows).toEqual([{ version: 1 }]);
  });

  it('count conversations and those handed to a human', async () => {
    const storage = await openSqliteStorage({ file: ':memory:' });
    const counter = sqliteConversationCounter(storage.db);
    expect(await counter.count()).toEqual({ total: 0, handoff: 0 });
    for (const id of ['c1', 'c2', 'c3']) {
      await storage.conversations.getOrCreate({
        id,
        channel: 'rest',
        address: {},
        buyerId: null,
        lang: 'zh',
        state: null,
      });
    }
    const c2 = (await storage.conversations.get('c2'))!;
    await storage.conversations.save({ ...c2, handoff: true });
    expect(await counter.count()).toEqual({ total: 3, handoff: 1 });
  });
});
