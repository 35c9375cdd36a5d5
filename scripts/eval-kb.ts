/**
 * `npm run eval:kb [-- --file PATH] [--k 3]`: recall@1, recall@3 and MRR of the knowledge base on a
 * kb-queries JSONL file (default ../shared/eval/kb-queries.dev.jsonl, or KB_EVAL_FILE). Prints a table
 * for the hybrid retriever and each half alone, then the figures as JSON.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { openKnowledgeBase } from '../adapters/retriever-hnswlib/index.js';
import { loadConfig } from '../src/config/env.js';
import { ClauseId } from '../src/core/domain.js';
import type { Retriever } from '../src/ports/retriever.js';

const repo = resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    file: { type: 'string' },
    knowledge: { type: 'string' },
    misses: { type: 'boolean', default: false },
    'vector-weight': { type: 'string' },
    'rrf-k': { type: 'string' },
  },
});
const file = resolve(values.file ?? process.env.KB_EVAL_FILE ?? join(repo, '../shared/eval/kb-queries.dev.jsonl'));
const knowledgeDir = resolve(values.knowledge ?? process.env.KNOWLEDGE_DIR ?? join(repo, 'knowledge'));

const Query = z.object({ query: z.string(), relevant: z.array(ClauseId).min(1) });
const queries = readFileSync(file, 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l, i) => {
    const parsed = Query.safeParse(JSON.parse(l));
    if (!parsed.success) throw new Error(`${file}:${i + 1}: ${parsed.error.issues[0]?.message}`);
    return parsed.data;
  });

interface Figures {
  queries: number;
  recallAt1: number;
  recallAt3: number;
  mrr: number;
}

async function measure(retriever: Retriever, name: string): Promise<Figures> {
  let at1 = 0;
  let at3 = 0;
  let rr = 0;
  for (const q of queries) {
    const ids = (await retriever.search(q.query, { k: 10 })).map((r) => r.id);
    const rank = ids.findIndex((id) => q.relevant.includes(id));
    if (rank === 0) at1++;
    if (rank >= 0 && rank < 3) at3++;
    if (rank >= 0) rr += 1 / (rank + 1);
    if (values.misses && rank !== 0)
      process.stderr.write(`[${name}] rank ${rank + 1 || '-'} want ${q.relevant.join(',')} got ${ids.slice(0, 3)}\n`);
  }
  const n = queries.length || 1;
  return { queries: queries.length, recallAt1: at1 / n, recallAt3: at3 / n, mrr: rr / n };
}

const config = loadConfig(process.env);
if (!config.ok) throw new Error(config.errors.join('\n'));
const dataDir = mkdtempSync(join(tmpdir(), 'refund-desk-eval-kb-'));
try {
  const retrieval = {
    ...(values['vector-weight'] === undefined ? {} : { vectorWeight: Number(values['vector-weight']) }),
    ...(values['rrf-k'] === undefined ? {} : { rrfK: Number(values['rrf-k']) }),
  };
  const kb = await openKnowledgeBase({ knowledgeDir, dataDir, config: config.config, retrieval });
  const variants: Array<[string, Retriever]> = [
    ['hybrid', kb.retriever],
    ['bm25', kb.retriever.withWeights({ vectorWeight: 0 })],
    ['vector', kb.retriever.withWeights({ bm25Weight: 0 })],
  ];
  const results: Record<string, Figures> = {};
  for (const [name, retriever] of variants) results[name] = await measure(retriever, name);

  const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(8);
  console.log(`knowledge base eval: ${queries.length} queries from ${file}`);
  console.log(`embeddings: ${kb.embeddings}, ${kb.clauses} clauses\n`);
  console.log(`${'retriever'.padEnd(10)}${'recall@1'.padStart(10)}${'recall@3'.padStart(10)}${'MRR'.padStart(8)}`);
  for (const [name, f] of Object.entries(results)) {
    console.log(`${name.padEnd(10)}  ${pct(f.recallAt1)}  ${pct(f.recallAt3)}  ${f.mrr.toFixed(3)}`);
  }
  const hybrid = results.hybrid!;
  const targets = { recallAt1: 0.8, recallAt3: 0.95 };
  const pass = hybrid.recallAt1 >= targets.recallAt1 && hybrid.recallAt3 >= targets.recallAt3;
  console.log(`\ntargets recall@3 ≥ 0.95, recall@1 ≥ 0.80: ${pass ? 'met' : 'NOT met'}\n`);
  console.log(JSON.stringify({ file, embeddings: kb.embeddings, targets, pass, results }, null, 2));
  process.exitCode = pass ? 0 : 1;
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
