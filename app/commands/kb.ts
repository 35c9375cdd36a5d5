/** `refund-desk kb build` and `refund-desk kb search "…" [--json] [-k N] [--lang zh|en]`. */
import { resolve } from 'node:path';
import { Presets, SingleBar } from 'cli-progress';
import { type Command, InvalidArgumentError } from 'commander';
import { type BuildProgress, type KnowledgeBase, openKnowledgeBase } from '../../adapters/retriever-hnswlib/index.js';
import type { Config } from '../../src/config/env.js';
import { toSearchResult } from '../../src/knowledge/http.js';
import { formatIssue, KnowledgeError } from '../../src/knowledge/ingest.js';
import type { CliContext } from '../cli.js';

const PHASES: Record<BuildProgress['phase'], string> = { embed: 'embedding', index: 'indexing ' };

async function open(config: Config, options: { rebuild?: boolean; quiet?: boolean }): Promise<KnowledgeBase> {
  const bar = new SingleBar(
    { format: '{phase} [{bar}] {value}/{total} clauses', hideCursor: true, stream: process.stderr },
    Presets.shades_classic,
  );
  let started = false;
  try {
    return await openKnowledgeBase({
      knowledgeDir: resolve(config.KNOWLEDGE_DIR),
      dataDir: resolve(config.DATA_DIR),
      config,
      rebuild: options.rebuild ?? false,
      onProgress: options.quiet
        ? undefined
        : (p) => {
            if (!started) bar.start(p.total * 2, 0, { phase: PHASES[p.phase] });
            started = true;
            bar.update((p.phase === 'embed' ? 0 : p.total) + p.done, { phase: PHASES[p.phase] });
          },
    });
  } catch (err) {
    if (started) bar.stop();
    if (err instanceof KnowledgeError) {
      process.stderr.write(`refund-desk: the knowledge base in ${resolve(config.KNOWLEDGE_DIR)} is invalid\n`);
      for (const issue of err.issues) process.stderr.write(`  ${formatIssue(issue)}\n`);
      process.exit(1);
    }
    throw err;
  } finally {
    if (started) bar.stop();
  }
}

const positiveInt = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 50) throw new InvalidArgumentError('a whole number from 1 to 50');
  return n;
};

const lang = (value: string): 'zh' | 'en' => {
  if (value !== 'zh' && value !== 'en') throw new InvalidArgumentError('zh or en');
  return value;
};

export function registerKbCommands(program: Command, ctx: CliContext): void {
  const kb = program.command('kb').description('the policy knowledge base');

  kb.command('build')
    .description('index knowledge/ (skipped when nothing changed, unless --force)')
    .option('-f, --force', 'rebuild even when the index is up to date')
    .action(async (opts: { force?: boolean }) => {
      const config = ctx.config();
      const base = await open(config, { rebuild: opts.force ?? false });
      process.stdout.write(
        `${base.built ? 'built' : 'up to date'}: ${base.clauses} clauses, knowledge hash ${base.hash.slice(0, 16)}\n` +
          `embeddings: ${base.embeddings}\nindex: ${base.indexDir}\n`,
      );
    });

  kb.command('search')
    .description('find the policy clauses for a question')
    .argument('<query>', 'the question, in Chinese or English')
    .option('--json', 'print {results:[…]} as POST /api/kb/search does')
    .option('-k, --k <n>', 'number of clauses', positiveInt, 5)
    .option('--lang <lang>', 'answer language (default: detected from the query)', lang)
    .action(async (query: string, opts: { json?: boolean; k: number; lang?: 'zh' | 'en' }) => {
      const config = ctx.config();
      const base = await open(config, { quiet: opts.json ?? false });
      const found = await base.retriever.search(query, { k: opts.k, ...(opts.lang ? { lang: opts.lang } : {}) });
      if (opts.json) {
        process.stdout.write(`${JSON.stringify({ results: found.map(toSearchResult) }, null, 2)}\n`);
        return;
      }
      if (found.length === 0) process.stdout.write('no matching clause\n');
      found.forEach((c, i) => {
        const preview = c.text.replace(/\s+/g, ' ').slice(0, 160);
        process.stdout.write(
          `${i + 1}. ${c.id} ${c.title}  (${c.document}, score ${c.score.toFixed(4)})\n   ${preview}…\n`,
        );
      });
    });
}
