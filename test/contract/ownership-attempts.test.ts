import { openSqliteStorage } from '../../adapters/storage-sqlite/index.js';
import { MemoryOwnershipAttempts } from '../../src/dialog/ownership.js';
import { describeOwnershipAttemptsContract } from './ownership-attempts.contract.js';

describeOwnershipAttemptsContract('memory', async () => new MemoryOwnershipAttempts());
describeOwnershipAttemptsContract('SQLite', async () => (await openSqliteStorage({ file: ':memory:' })).ownership);
