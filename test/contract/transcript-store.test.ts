import { openSqliteStorage } from '../../adapters/storage-sqlite/index.js';
import { MemoryTranscriptStore } from '../../src/transcript/memory-store.js';
import { describeTranscriptStoreContract } from './transcript-store.contract.js';

describeTranscriptStoreContract('memory', async () => ({ store: new MemoryTranscriptStore(), close: async () => {} }));
describeTranscriptStoreContract('SQLite', async () => {
  const storage = await openSqliteStorage({ file: ':memory:' });
  return { store: storage.transcripts, close: () => storage.close() };
});
