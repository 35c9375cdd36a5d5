import { describe } from 'vitest';
import { applyMigrations, openSqliteStorage } from '../../adapters/storage-sqlite/index.js';
import {
  sqliteActivityStore,
  WEBCHAT_MIGRATION_MODULE,
  webchatMigrations,
} from '../../adapters/webchat/sqlite-store.js';
import { MemoryActivityStore } from '../../adapters/webchat/store.js';
import { activityStoreContract } from './webchat-store.contract.js';

describe('MemoryActivityStore', () => activityStoreContract(async () => new MemoryActivityStore()));

describe('sqliteActivityStore', () =>
  activityStoreContract(async () => {
    const { db } = await openSqliteStorage({ file: ':memory:' });
    applyMigrations(db, WEBCHAT_MIGRATION_MODULE, webchatMigrations);
    return sqliteActivityStore(db);
  }));
