import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStorage, type SqliteStorage } from '../../../adapters/storage-sqlite/index.js';
import { ChainRecorder } from '../../../src/transcript/recorder.js';
import { verifyStored } from '../../../src/transcript/verify.js';
import { reply, say, steppingClock } from './fixtures.js';

const C = 'rest:buyer-9';

describe('verify against SQLite rows edited behind the recorder', () => {
  let storage: SqliteStorage;
  const run = (sql: string, ...params: unknown[]) => storage.db.prepare(sql).run(...params);

  beforeEach(async () => {
    storage = await openSqliteStorage({ file: ':memory:' });
    const recorder = new ChainRecorder({ store: storage.transcripts, now: steppingClock() });
    for (let i = 1; i <= 6; i++) await recorder.record(C, i % 2 ? say(`买家消息 ${i}`) : reply(`回复 ${i}`));
  });
  afterEach(() => storage.close());

  it('verifies untouched', async () => {
    expect(await verifyStored(storage.transcripts, C)).toMatchObject({ ok: true, entries: 6 });
  });

  it('one payload changed', async () => {
    run(`UPDATE transcript_entries SET payload = '{"text":"同意退款"}' WHERE conversation_id = ? AND seq = 4`, C);
    expect((await verifyStored(storage.transcripts, C)).broken).toMatchObject({ seq: 4, reason: 'hash_mismatch' });
  });

  it('two entries swapped', async () => {
    run('UPDATE transcript_entries SET seq = -1 WHERE conversation_id = ? AND seq = 2', C);
    run('UPDATE transcript_entries SET seq = 2 WHERE conversation_id = ? AND seq = 3', C);
    run('UPDATE transcript_entries SET seq = 3 WHERE conversation_id = ? AND seq = -1', C);
    expect((await verifyStored(storage.transcripts, C)).broken).toMatchObject({ seq: 2 });
  });

  it('payloads are stored in canonical JSON', () => {
    const row = storage.db
      .prepare('SELECT payload FROM transcript_entries WHERE conversation_id = ? AND seq = 2')
      .get(C) as { payload: string };
    expect(row.payload).toBe('{"citations":["RP-03"],"text":"回复 2"}');
  });

  it('a payload stored in another JSON form of the same value still verifies (rows written before)', async () => {
    run(
      `UPDATE transcript_entries SET payload = '{ "text": "回复 4", "citations": [ "RP-03" ] }' WHERE conversation_id = ? AND seq = 4`,
      C,
    );
    expect(await verifyStored(storage.transcripts, C)).toMatchObject({ ok: true, entries: 6 });
  });

  it('a payload that is not JSON any more is reported, not thrown', async () => {
    run(`UPDATE transcript_entries SET payload = '{"text":' WHERE conversation_id = ? AND seq = 3`, C);
    expect((await verifyStored(storage.transcripts, C)).broken).toMatchObject({ seq: 3, reason: 'not_canonical' });
  });

  it('one entry deleted', async () => {
    run('DELETE FROM transcript_entries WHERE conversation_id = ? AND seq = 5', C);
    expect((await verifyStored(storage.transcripts, C)).broken).toMatchObject({ seq: 5, reason: 'seq_gap' });
  });
});

describe('SQLite group commit', () => {
  it('appends from many conversations at once all commit; a conflicting one fails alone', async () => {
    const storage = await openSqliteStorage({ file: ':memory:' });
    const recorder = new ChainRecorder({ store: storage.transcripts });
    await Promise.all(Array.from({ length: 40 }, (_, i) => recorder.record(`c${i % 8}`, say(`m${i}`))));
    for (let c = 0; c < 8; c++)
      expect(await verifyStored(storage.transcripts, `c${c}`)).toMatchObject({ ok: true, entries: 5 });
    const [first] = await storage.transcripts.list('c0', { limit: 1 });
    const results = await Promise.allSettled([storage.transcripts.append(first!), recorder.record('c1', say('after'))]);
    expect(results[0]).toMatchObject({ status: 'rejected', reason: { name: 'SeqConflictError' } });
    expect(results[1]).toMatchObject({ status: 'fulfilled', value: { seq: 6 } });
    await storage.close();
  });
});
