/**
 * The vector half of retrieval: langchain's HNSWLib store (hnswlib-node, cosine) over clause
 * passages (src/knowledge/passages.ts: the title with one point of the clause), one index per
 * language. Chinese and English clauses share almost no features, so in one graph they form two
 * nearly orthogonal clusters and a greedy search entering the wrong one never leaves it; separate
 * graphs avoid that and need no language filter. A clause scores as its best passage.
 */
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { HNSWLib } from '@langchain/community/vectorstores/hnswlib';
import { Document } from '@langchain/core/documents';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import {
  clauseKey,
  type VectorHit,
  type VectorScope,
  type VectorSearch,
} from '../../src/knowledge/hybrid-retriever.js';
import { clausePassages } from '../../src/knowledge/passages.js';
import type { Clause } from '../../src/ports/retriever.js';

export interface BuildProgress {
  phase: 'embed' | 'index';
  done: number;
  total: number;
}

/** One HNSWLib store per clause language. */
export type VectorStores = Map<string, HNSWLib>;

/** Texts embedded per call: one call is one request to a remote embedding endpoint. */
const EMBED_BATCH = 64;
/**
 * Building is synchronous native work (hnswlib-node's addPoint, the offline embedding): it runs in
 * slices of about this many milliseconds, with the event loop free in between, so that a server
 * building its index at start still answers its health check.
 */
const SLICE_MS = 10;
/**
 * hnswlib's graph parameters. langchain's addVectors uses efConstruction 200; 64 builds a large
 * index about three times as fast, and the vector side only feeds a few candidates into the
 * fusion, where an occasional approximate neighbour does not show.
 */
const M = 16;
const EF_CONSTRUCTION = 64;
const EF_SEARCH = 32;
/** What the persisted index holds; an index written with another layout is rebuilt, not reused. */
export const INDEX_LAYOUT = 'passages-v1';
/** Passages fetched per clause wanted: a clause has several, and its best one stands for it. */
const PASSAGES_PER_CLAUSE = 3;

interface Passage {
  key: string;
  lang: string;
  text: string;
}

export async function buildVectorStores(
  clauses: readonly Clause[],
  embeddings: EmbeddingsInterface,
  onProgress?: (p: BuildProgress) => void,
): Promise<VectorStores> {
  const passages: Passage[] = clauses.flatMap((c) =>
    clausePassages(c).map((text) => ({ key: clauseKey(c), lang: c.lang, text })),
  );
  const vectors: number[][] = [];
  for (let i = 0; i < passages.length; ) {
    const started = performance.now();
    // Offline embedding is synchronous: keep each slice short. A remote one awaits its request anyway.
    while (i < passages.length && performance.now() - started < SLICE_MS) {
      const batch = passages.slice(i, i + EMBED_BATCH);
      vectors.push(...(await embeddings.embedDocuments(batch.map((p) => p.text))));
      i += batch.length;
    }
    onProgress?.({ phase: 'embed', done: i, total: passages.length });
    await yieldToLoop();
  }
  const dimensions = vectors[0]?.length ?? 1;
  const { HierarchicalNSW } = await HNSWLib.imports();
  const stores: VectorStores = new Map();
  let done = 0;
  for (const lang of [...new Set(passages.map((p) => p.lang))].sort()) {
    const members = passages.map((p, i) => [p, i] as const).filter(([p]) => p.lang === lang);
    // The index is made here rather than by addVectors, to choose its construction parameters.
    const index = new HierarchicalNSW('cosine', dimensions);
    index.initIndex(Math.max(1, members.length), M, EF_CONSTRUCTION, 100);
    const store = new HNSWLib(embeddings, { space: 'cosine', numDimensions: dimensions, index });
    const docs: Record<string, Document> = {};
    for (let label = 0; label < members.length; ) {
      const started = performance.now();
      while (label < members.length && performance.now() - started < SLICE_MS) {
        const [p, i] = members[label]!;
        index.addPoint(vectors[i]!, label);
        docs[String(label)] = new Document({ pageContent: p.text, metadata: { key: p.key } });
        label++;
        done++;
      }
      onProgress?.({ phase: 'index', done, total: passages.length });
      await yieldToLoop();
    }
    store.docstore.add(docs);
    stores.set(lang, store);
  }
  return stores;
}

export class HnswVectorSearch implements VectorSearch {
  /** Per language, hnswlib label → clause key, read once from the docstore. */
  private readonly keys = new Map<string, string[]>();

  constructor(
    private readonly stores: VectorStores,
    private readonly embeddings: EmbeddingsInterface,
  ) {
    for (const [lang, store] of stores) {
      const count = store._index?.getCurrentCount() ?? 0;
      this.keys.set(
        lang,
        Array.from({ length: count }, (_, label) => {
          const doc = store.docstore.search(String(label));
          const key: unknown = typeof doc === 'string' ? undefined : doc.metadata.key;
          return typeof key === 'string' ? key : '';
        }),
      );
    }
  }

  get size(): number {
    let n = 0;
    for (const keys of this.keys.values()) n += keys.length;
    return n;
  }

  async search(query: string, k: number, scope: VectorScope): Promise<VectorHit[]> {
    if (k <= 0 || this.size === 0) return [];
    const vector = await this.embeddings.embedQuery(query);
    if (!vector.some((v) => v !== 0)) return [];
    const best = new Map<string, number>();
    for (const lang of scope.langs) {
      const store = this.stores.get(lang);
      const keys = this.keys.get(lang) ?? [];
      if (!store || keys.length === 0) continue;
      const wanted = Math.min(k * PASSAGES_PER_CLAUSE, keys.length);
      // hnswlib itself rather than similaritySearchVectorWithScore: that one builds a Document per hit.
      const index = store.index;
      index.setEf(Math.max(EF_SEARCH, wanted));
      const { neighbors, distances } = index.searchKnn(vector, wanted);
      for (let i = 0; i < neighbors.length; i++) {
        const key = keys[neighbors[i]!] ?? '';
        // The buyer's language is one whole index; others contribute only the clauses it lacks.
        if (!scope.allow(key)) continue;
        // hnswlib returns a cosine distance (lower is closer); the port wants a similarity.
        const score = 1 - distances[i]!;
        if (score > (best.get(key) ?? Number.NEGATIVE_INFINITY)) best.set(key, score);
      }
    }
    return [...best]
      .map(([key, score]) => ({ key, score }))
      .sort((a, b) => b.score - a.score)
      .slice(0, k);
  }
}
