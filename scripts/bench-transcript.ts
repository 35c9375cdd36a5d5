/**
 * `npm run bench:transcript`: append throughput through the recorder into SQLite (on disk, WAL),
 * and verifying a 100,000-entry transcript. Targets (issue 5): ≥ 5,000 appends/s, verify ≤ 2 s.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStorage } from '../adapters/storage-sqlite/index.js';
import type { TranscriptEntry } from '../src/ports/transcript-store.js';
import { entryHash, GENESIS_HASH, payloadHash } from '../src/transcript/canonical.js';
import { ChainRecorder } from '../src/transcript/recorder.js';
import { verifyStored } from '../src/transcript/verify.js';

const APPENDS = Number(process.env.BENCH_APPENDS ?? 20_000);
const CONVERSATIONS = 100;
const VERIFY_ENTRIES = Number(process.env.BENCH_VERIFY_ENTRIES ?? 100_000);

const text = (i: number) => ({
  text: `买家消息 ${i}：订单 KM20261118${String(i).padStart(6, '0')} 的卡密无法激活，提示已被使用`,
});

const cpuOf = (u: NodeJS.CpuUsage): number => (u.user + u.system) / 1e6;

/** Appends per second of wall-clock time, and per second of this process's CPU time (the machine is shared). */
async function appendBench(dir: string, synchronous: 'NORMAL' | 'FULL'): Promise<{ wall: number; cpu: number }> {
  const storage = await openSqliteStorage({ file: join(dir, `append-${synchronous}.sqlite`) });
  storage.db.pragma(`synchronous = ${synchronous}`);
  const recorder = new ChainRecorder({ store: storage.transcripts });
  const started = performance.now();
  const cpu = process.cpuUsage();
  const perConversation = APPENDS / CONVERSATIONS;
  await Promise.all(
    Array.from({ length: CONVERSATIONS }, async (_, c) => {
      for (let i = 0; i < perConversation; i++) {
        await recorder.record(`bench:${c}`, {
          direction: i % 2 ? 'out' : 'in',
          channel: 'webchat',
          actor: i % 2 ? 'bot' : `buyer-${c}`,
          type: 'text',
          payload: text(i),
        });
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpuSeconds = cpuOf(process.cpuUsage(cpu));
  await storage.close();
  return { wall: APPENDS / seconds, cpu: APPENDS / cpuSeconds };
}

async function verifyBench(
  dir: string,
): Promise<{ seconds: number; cpuSeconds: number; ok: boolean; entries: number }> {
  const storage = await openSqliteStorage({ file: join(dir, 'verify.sqlite') });
  const conversationId = 'bench:long';
  // Build the chain directly in one transaction (building through the recorder is the append bench).
  const insert = storage.db.prepare(
    `INSERT INTO transcript_entries (conversation_id, seq, at, direction, channel, actor, type, payload, attachments, prev_hash, hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  storage.db.transaction(() => {
    let prev = GENESIS_HASH;
    const t0 = Date.parse('2026-01-01T00:00:00.000Z');
    for (let seq = 1; seq <= VERIFY_ENTRIES; seq++) {
      const e: Omit<TranscriptEntry, 'hash'> = {
        conversationId,
        seq,
        at: new Date(t0 + seq * 1000).toISOString(),
        direction: seq % 2 ? 'in' : 'out',
        channel: 'telegram',
        actor: seq % 2 ? 'tg:1' : 'bot',
        type: 'text',
        payload: text(seq),
        attachments: [],
        prevHash: prev,
      };
      const hash = entryHash(prev, { ...e, payloadHash: payloadHash(e.payload) });
      insert.run(
        conversationId,
        seq,
        e.at,
        e.direction,
        e.channel,
        e.actor,
        e.type,
        JSON.stringify(e.payload),
        '[]',
        prev,
        hash,
      );
      prev = hash;
    }
  })();
  const started = performance.now();
  const cpu = process.cpuUsage();
  const report = await verifyStored(storage.transcripts, conversationId);
  const seconds = (performance.now() - started) / 1000;
  const cpuSeconds = cpuOf(process.cpuUsage(cpu));
  await storage.close();
  return { seconds, cpuSeconds, ok: report.ok, entries: report.entries };
}

const dir = mkdtempSync(join(tmpdir(), 'refund-desk-bench-'));
try {
  const normal = await appendBench(dir, 'NORMAL');
  const full = await appendBench(dir, 'FULL');
  const verify = await verifyBench(dir);
  const rate = (r: { wall: number; cpu: number }) =>
    `${Math.round(r.wall)} appends/s (${Math.round(r.cpu)} per CPU-second)`;
  const rows = [
    ['append, SQLite WAL synchronous=NORMAL', rate(normal), normal.wall >= 5000],
    ['append, SQLite WAL synchronous=FULL (default)', rate(full), full.wall >= 5000],
    [
      `verify ${verify.entries} entries (${verify.ok ? 'ok' : 'BROKEN'})`,
      `${verify.seconds.toFixed(2)} s (${verify.cpuSeconds.toFixed(2)} CPU-s)`,
      verify.ok && verify.seconds <= 2,
    ],
  ] as const;
  const load = loadavg()[0]!.toFixed(1);
  console.log(
    `transcript bench: ${APPENDS} appends over ${CONVERSATIONS} concurrent conversations; node ${process.version}; ${cpus().length} CPUs, load ${load}`,
  );
  for (const [what, value, pass] of rows) console.log(`  ${pass ? 'PASS' : 'MISS'}  ${what.padEnd(52)} ${value}`);
  if (!rows[0][2] || !rows[2][2]) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
