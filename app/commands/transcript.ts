/** `refund-desk transcript verify|export|purge`: works on the data directory without starting the server. */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { openSqliteStorage } from '../../adapters/storage-sqlite/index.js';
import type { Config } from '../../src/config/env.js';
import type { VerifyReport } from '../../src/transcript/verify.js';
import type { CliContext } from '../cli.js';
import { createTranscript, type TranscriptWiring } from '../transcript.js';

async function withTranscript<T>(config: Config, run: (t: TranscriptWiring) => Promise<T>): Promise<T> {
  const dataDir = resolve(config.DATA_DIR);
  const storage = await openSqliteStorage({ file: resolve(dataDir, 'refund-desk.sqlite') });
  try {
    return await run(createTranscript({ config, dataDir, storage }));
  } finally {
    await storage.close();
  }
}

function describeReport(r: VerifyReport): string {
  if (!r.ok && r.broken) {
    return `BROKEN ${r.conversationId}: entry ${r.broken.seq}: ${r.broken.detail} [${r.broken.reason}]`;
  }
  const lines = [`OK ${r.conversationId}: ${r.entries} entries, head ${r.headHash ?? '(empty)'}`];
  if (r.purged > 0) lines.push(`  ${r.purged} entries past retention (bodies removed, hashes kept)`);
  if (r.attachmentsChecked > 0) lines.push(`  ${r.attachmentsChecked} attachments re-hashed`);
  for (const a of r.anchors) lines.push(`  ticket head ${a.hash} = entry ${a.seq}`);
  return lines.join('\n');
}

const fail = (message: string, code: number): never => {
  process.stderr.write(`${message}\n`);
  process.exit(code);
};

export function register(program: Command, ctx: CliContext): void {
  const transcript = program.command('transcript').description('verify, export and purge transcripts (SPEC §8)');

  transcript
    .command('verify')
    .argument('<id>', 'conversation id or ticket id')
    .option('--json', 'print the report as JSON')
    .description('recompute the hash chain; exit 0 when intact, 1 with the first broken entry')
    .action(async (id: string, opts: { json?: boolean }) => {
      const report = await withTranscript(ctx.config(), async (t) => {
        const resolved = await t.service.resolve(id);
        return resolved ? t.service.verify(resolved) : null;
      });
      if (!report) return fail(`no transcript for ${id}`, 2);
      process.stdout.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : `${describeReport(report)}\n`);
      process.exitCode = report.ok ? 0 : 1;
    });

  transcript
    .command('export')
    .argument('<id>', 'conversation id or ticket id')
    .option('--format <format>', 'json or html', 'html')
    .option('-o, --out <file>', 'write to a file instead of stdout')
    .option('--reveal', 'do not mask card codes, passwords and bank-card numbers')
    .description('export as JSON or as one self-contained HTML file with an integrity statement')
    .action(async (id: string, opts: { format: string; out?: string; reveal?: boolean }) => {
      if (opts.format !== 'json' && opts.format !== 'html') return fail('--format must be json or html', 2);
      const text = await withTranscript(ctx.config(), async (t) => {
        const resolved = await t.service.resolve(id);
        if (!resolved) return null;
        const o = { reveal: opts.reveal ?? false };
        return opts.format === 'json' ? t.service.exportJson(resolved, o) : t.service.exportHtml(resolved, o);
      });
      if (text === null) return fail(`no transcript for ${id}`, 2);
      if (opts.out) await writeFile(opts.out, text, { mode: 0o600 });
      else process.stdout.write(text);
    });

  transcript
    .command('purge')
    .option('--dry-run', 'count what would be removed, remove nothing')
    .option('--now <iso>', 'pretend it is this time (for tests)')
    .description('remove message bodies and attachment bytes older than TRANSCRIPT_RETENTION_DAYS; hashes stay')
    .action(async (opts: { dryRun?: boolean; now?: string }) => {
      const now = opts.now ? new Date(opts.now) : new Date();
      if (Number.isNaN(now.getTime())) return fail('--now must be an ISO date-time', 2);
      const report = await withTranscript(ctx.config(), (t) => t.purge({ now, dryRun: opts.dryRun ?? false }));
      process.stdout.write(
        `${report.dryRun ? 'would purge' : 'purged'} ${report.entries} entries in ${report.conversations} conversations ` +
          `before ${report.cutoff}; attachment files removed: ${report.attachmentsRemoved}\n`,
      );
    });
}
