import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FsEvidenceStore } from '../../../adapters/evidence-fs/index.js';
import { openSqliteStorage } from '../../../adapters/storage-sqlite/index.js';
import { buildProgram, type CliContext, cliContext } from '../../../app/cli.js';
import { loadConfig } from '../../../src/config/env.js';
import { ChainRecorder } from '../../../src/transcript/recorder.js';
import { takeUpload } from '../../../src/transcript/uploads.js';
import { PNG_1x1, reply, say } from './fixtures.js';

const run = promisify(execFile);
const bin = new URL('../../../bin/refund-desk.js', import.meta.url).pathname;
let dataDir: string;

/** Runs the command in this process (fast); `spawn` runs the real bin/refund-desk.js. */
async function cli(args: string[]) {
  const out: string[] = [];
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  });
  const exit = vi.spyOn(process, 'exit').mockImplementation((code?: string | number | null) => {
    throw new ExitCalled(Number(code ?? 0));
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  process.exitCode = 0;
  let code = 0;
  try {
    const ctx: CliContext = {
      config: () => {
        const r = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
        if (!r.ok) throw new Error(r.errors.join('; '));
        return r.config;
      },
      logger: () => cliContext.logger(ctx.config()),
    };
    await buildProgram(ctx)
      .exitOverride()
      .parseAsync(['node', 'refund-desk', 'transcript', ...args]);
    code = Number(process.exitCode ?? 0);
  } catch (e) {
    if (!(e instanceof ExitCalled)) throw e;
    code = e.code;
  } finally {
    write.mockRestore();
    exit.mockRestore();
    err.mockRestore();
    process.exitCode = 0;
  }
  return { code, stdout: out.join('') };
}

class ExitCalled extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

async function spawn(args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, 'transcript', ...args], {
      env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
      timeout: 30_000,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const C = 'rest:cli-buyer';

describe('refund-desk transcript (CLI)', () => {
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'rd-cli-'));
    const storage = await openSqliteStorage({ file: resolve(dataDir, 'refund-desk.sqlite') });
    let now = new Date('2022-01-01T00:00:00.000Z');
    const recorder = new ChainRecorder({ store: storage.transcripts, now: () => now });
    const evidence = new FsEvidenceStore({
      root: join(dataDir, 'attachments'),
      maxBytes: 1024 * 1024,
      attachments: storage.attachments,
    });
    await recorder.record(C, say('密码: hunter22 卡密 ABCD-EFGH-1234-5678 <b>bold</b>'));
    await takeUpload(evidence, recorder, {
      conversationId: C,
      channel: 'rest',
      actor: 'buyer',
      upload: { name: 'a.png', bytes: PNG_1x1 },
    });
    now = new Date('2026-11-01T00:00:00.000Z');
    await recorder.record(C, reply('收到'));
    await storage.close();
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('verify: OK with entry count and head hash (the real binary)', async () => {
    const r = await spawn(['verify', C]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^OK rest:cli-buyer: 3 entries, head [0-9a-f]{64}/);
  });

  it('verify: unknown id exits 2', async () => {
    expect((await cli(['verify', 'nobody'])).code).toBe(2);
  });

  it('export --format json and html', async () => {
    const json = await cli(['export', C, '--format', 'json']);
    expect(json.code).toBe(0);
    const view = JSON.parse(json.stdout) as { entries: unknown[]; integrity: { ok: boolean } };
    expect(view.entries).toHaveLength(3);
    expect(view.integrity.ok).toBe(true);
    expect(json.stdout).not.toContain('hunter22');
    const out = join(dataDir, 'export.html');
    expect((await cli(['export', C, '--format', 'html', '--out', out])).code).toBe(0);
    const html = await readFile(out, 'utf8');
    expect(html).toContain('Integrity verified: 3 entries');
    expect(html).toContain('data:image/png;base64,');
    expect(html).toContain('&#60;b&#62;bold');
    expect((await cli(['export', C, '--format', 'pdf'])).code).toBe(2);
  });

  it('purge keeps the chain verifiable; a tampered database fails verify with exit 1', async () => {
    const purge = await cli(['purge', '--now', '2026-11-26T00:00:00.000Z']);
    expect(purge.stdout).toContain('purged 2 entries in 1 conversations');
    expect(purge.stdout).toContain('attachment files removed: 1');
    const ok = await cli(['verify', C]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('2 entries past retention');
    const storage = await openSqliteStorage({ file: resolve(dataDir, 'refund-desk.sqlite') });
    storage.db.prepare(`UPDATE transcript_entries SET actor = 'agent' WHERE seq = 3`).run();
    await storage.close();
    const bad = await cli(['verify', C]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('BROKEN rest:cli-buyer: entry 3');
  });
});
