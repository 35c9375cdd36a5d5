/**
 * `npm run eval:kb [-- --set NAME=PATH …] [--compare] [--misses NAME]`: recall@1, recall@3 and MRR
 * of the knowledge base on kb-queries JSONL files, side by side. Default sets: `dev` (the project's
 * held-out queries, ../shared/eval/kb-queries.dev.jsonl or KB_EVAL_FILE), `own` (our held-out
 * queries, test/fixtures/kb-queries.own.jsonl) and `tune` (the queries the fusion weight was chosen
 * on, test/fixtures/kb-queries.tune.jsonl). Rows: the hybrid retriever and each half alone;
 * `--compare` adds langchain's BM25Retriever and EnsembleRetriever and query latency. Figures also
 * as JSON at the end.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { langchainBm25, langchainEnsemble, openKnowledgeBase } from '../adapters/retriever-hnswlib/index.js';
import { loadConfig } from '../src/config/env.js';
import { ClauseId } from '../src/core/domain.js';
import type { HybridOptions, HybridRetriever } from '../src/knowledge/hybrid-retriever.js';
import { loadKnowledge } from '../src/knowledge/ingest.js';
import type { Retriever } from '../src/ports/retriever.js';

const repo = resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    set: { type: 'string', multiple: true },
    file: { type: 'string' },
    knowledge: { type: 'string' },
    misses: { type: 'string', multiple: true },
    compare: { type: 'boolean', default: false },
    'choose-weight': { type: 'boolean', default: false },
    fusion: { type: 'string' },
    'vector-weight': { type: 'string' },
    'rrf-k': { type: 'string' },
  },
});
const knowledgeDir = resolve(values.knowledge ?? process.env.KNOWLEDGE_DIR ?? join(repo, 'knowledge'));

const Query = z.object({ query: z.string(), relevant: z.array(ClauseId).min(1) });
type Query = z.infer<typeof Query>;

function readQueries(file: string): Query[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l, i) => {
      const parsed = Query.safeParse(JSON.parse(l));
      if (!parsed.success) throw new Error(`${file}:${i + 1}: ${parsed.error.issues[0]?.message}`);
      return parsed.data;
    });
}

const setFiles: Array<[string, string]> =
  values.set !== undefined
    ? values.set.map((s) => {
        const at = s.indexOf('=');
        return at > 0 ? [s.slice(0, at), resolve(s.slice(at + 1))] : [s, resolve(s)];
      })
    : values.file !== undefined
      ? [['file', resolve(values.file)]]
      : [
          ['dev', resolve(process.env.KB_EVAL_FILE ?? join(repo, '../shared/eval/kb-queries.dev.jsonl'))],
          ['own', join(repo, 'test/fixtures/kb-queries.own.jsonl')],
          ['tune', join(repo, 'test/fixtures/kb-queries.tune.jsonl')],
        ];
const sets = setFiles
  .filter(([name, file]) => {
    if (existsSync(file)) return true;
    console.warn(`skipping set ${name}: ${file} not found`);
    return false;
  })
  .map(([name, file]) => ({ name, file, queries: readQueries(file) }));
if (sets.length === 0) throw new Error('no query set to evaluate');

interface Figures {
  queries: number;
  recallAt1: number;
  recallAt3: number;
  mrr: number;
}

async function measure(retriever: Retriever, name: string, set: (typeof sets)[number]): Promise<Figures> {
  let at1 = 0;
  let at3 = 0;
  let rr = 0;
  const showMisses = values.misses?.includes(set.name) ?? false;
  for (const q of set.queries) {
    const ids = (await retriever.search(q.query, { k: 10 })).map((r) => r.id);
    const rank = ids.findIndex((id) => q.relevant.includes(id));
    if (rank === 0) at1++;
    if (rank >= 0 && rank < 3) at3++;
    if (rank >= 0) rr += 1 / (rank + 1);
    if (showMisses && rank !== 0)
      process.stderr.write(
        `[${set.name} ${name}] ${q.query} → rank ${rank + 1 || '-'}, want ${q.relevant.join(',')}, got ${ids.slice(0, 3).join(',')}\n`,
      );
  }
  const n = set.queries.length || 1;
  return { queries: set.queries.length, recallAt1: at1 / n, recallAt3: at3 / n, mrr: rr / n };
}

const config = loadConfig(process.env);
if (!config.ok) throw new Error(config.errors.join('\n'));
const dataDir = mkdtempSync(join(tmpdir(), 'refund-desk-eval-kb-'));
try {
  const retrieval: HybridOptions = {
    ...(values.fusion === 'rrf' || values.fusion === 'convex' ? { fusion: values.fusion } : {}),
    ...(values['vector-weight'] === undefined ? {} : { vectorWeight: Number(values['vector-weight']) }),
    ...(values['rrf-k'] === undefined ? {} : { rrfK: Number(values['rrf-k']) }),
  };
  const kb = await openKnowledgeBase({ knowledgeDir, dataDir, config: config.config, retrieval });
  const variants: Array<[string, Retriever]> = [
    ['hybrid', kb.retriever],
    ['bm25', kb.retriever.withWeights({ vectorWeight: 0 })],
    ['vector', kb.retriever.withWeights({ bm25Weight: 0 })],
  ];
  if (values.compare) {
    const { clauses } = loadKnowledge(knowledgeDir);
    const [wb, wv] = [kb.retriever.weights.bm25Weight, kb.retriever.weights.vectorWeight];
    variants.push(
      ['ours, RRF 1/0.5 (before)', kb.retriever.withWeights({ fusion: 'rrf', bm25Weight: 1, vectorWeight: 0.5 })],
      ['lc-bm25 (as shipped)', langchainBm25(clauses, kb.tokeniser, 'plain')],
      ['lc-bm25 (jieba terms)', langchainBm25(clauses, kb.tokeniser, 'jieba')],
      ['lc-ensemble 0.5/0.5', langchainEnsemble(clauses, kb.tokeniser, kb.stores)],
      [`lc-ensemble ${wb}/${wv}`, langchainEnsemble(clauses, kb.tokeniser, kb.stores, [wb, wv])],
    );
  }
  if (values['choose-weight']) {
    await chooseWeight(kb.retriever);
    process.exit(0);
  }
  const results: Record<string, Record<string, Figures>> = {};
  const latencies: Record<string, { p50: number; p99: number }> = {};
  for (const [name, retriever] of variants) {
    results[name] = {};
    for (const set of sets) results[name][set.name] = await measure(retriever, name, set);
    if (values.compare) latencies[name] = await latencyOf(retriever);
  }

  console.log(`knowledge base eval: embeddings ${kb.embeddings}, ${kb.clauses} clauses`);
  for (const set of sets) console.log(`  ${set.name}: ${set.queries.length} queries from ${set.file}`);
  const head = [
    'retriever',
    ...sets.flatMap((s) => [`${s.name} R@1`, 'R@3', 'MRR']),
    ...(values.compare ? ['p50 ms', 'p99 ms'] : []),
  ];
  const rows = Object.entries(results).map(([name, bySet]) => [
    name,
    ...sets.flatMap((s) => {
      const f = bySet[s.name]!;
      return [pct(f.recallAt1), pct(f.recallAt3), f.mrr.toFixed(3)];
    }),
    ...(latencies[name] ? [latencies[name].p50.toFixed(3), latencies[name].p99.toFixed(3)] : []),
  ]);
  console.log(`\n${table([head, ...rows])}`);

  // The hybrid must not be worse than either half on any figure of any set.
  const notWorse = sets.every((s) =>
    (['recallAt1', 'recallAt3', 'mrr'] as const).every(
      (m) => results.hybrid![s.name]![m] >= Math.max(results.bm25![s.name]![m], results.vector![s.name]![m]) - 1e-9,
    ),
  );
  const dev = results.hybrid!.dev;
  const targets = { recallAt1: 0.92, recallAt3: 0.95 };
  const devMet = dev === undefined || (dev.recallAt1 >= targets.recallAt1 && dev.recallAt3 >= targets.recallAt3);
  console.log(`\nhybrid ≥ each half on every figure: ${notWorse ? 'yes' : 'NO'}`);
  if (dev) console.log(`dev targets recall@1 ≥ 0.92, recall@3 ≥ 0.95: ${devMet ? 'met' : 'NOT met'}`);
  if (values.compare) {
    console.log(
      `latency: each query of every set, 5 rounds after a warm-up, on this knowledge base (${kb.clauses} clauses); ` +
        `npm run bench:kb measures ours at 10,000 clauses`,
    );
  }
  console.log(
    `\n${JSON.stringify({ embeddings: kb.embeddings, targets, notWorse, devMet, results, latencies }, null, 2)}`,
  );
  process.exitCode = notWorse && devMet ? 0 : 1;
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}

/**
 * The rule the default fusion weight comes from, on the tuning set only: the vector weight α
 * (BM25 gets 1 − α) with the best MRR among those where the hybrid is at least as good as each half
 * on recall@1, recall@3 and MRR. A larger α must beat the best so far by more than one query moving
 * from rank 2 to rank 1 would (0.5 / queries): smaller gains are one query's noise on a set this
 * size, and the smaller α disturbs less where the weaker half is wrong.
 */
async function chooseWeight(retriever: HybridRetriever): Promise<void> {
  const tune = sets.find((s) => s.name === 'tune');
  if (!tune) throw new Error('--choose-weight needs the tune set');
  const halves = [
    await measure(retriever.withWeights({ vectorWeight: 0 }), 'bm25', tune),
    await measure(retriever.withWeights({ bm25Weight: 0 }), 'vector', tune),
  ];
  const rows = [['α', 'R@1', 'R@3', 'MRR', '≥ halves']];
  let chosen: { alpha: number; mrr: number } | undefined;
  for (let step = 1; step <= 10; step++) {
    const alpha = step / 20;
    const f = await measure(retriever.withWeights({ bm25Weight: 1 - alpha, vectorWeight: alpha }), 'hybrid', tune);
    const ok = halves.every((h) => f.recallAt1 >= h.recallAt1 && f.recallAt3 >= h.recallAt3 && f.mrr >= h.mrr);
    if (ok && (!chosen || f.mrr > chosen.mrr + 0.5 / tune.queries.length)) chosen = { alpha, mrr: f.mrr };
    rows.push([alpha.toFixed(2), pct(f.recallAt1), pct(f.recallAt3), f.mrr.toFixed(3), ok ? 'yes' : 'no']);
  }
  console.log(`fusion weight on ${tune.file}\n\n${table(rows)}\n`);
  console.log(
    chosen
      ? `chosen: vector weight ${chosen.alpha}, BM25 weight ${1 - chosen.alpha}`
      : 'no weight keeps the hybrid ≥ both halves',
  );
}

/** Wall time per query over every query of every set. */
async function latencyOf(retriever: Retriever): Promise<{ p50: number; p99: number }> {
  const all = sets.flatMap((s) => s.queries.map((q) => q.query));
  for (const q of all) await retriever.search(q, { k: 10 });
  const times: number[] = [];
  for (let round = 0; round < 5; round++) {
    for (const q of all) {
      const t0 = performance.now();
      await retriever.search(q, { k: 10 });
      times.push(performance.now() - t0);
    }
  }
  times.sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? Number.NaN;
  return { p50: at(0.5), p99: at(0.99) };
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows
    .map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '))
    .join('\n');
}
