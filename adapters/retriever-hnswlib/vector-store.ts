/**
 * The vector half of retrieval: langchain's HNSWLib store (hnswlib-node, cosine) over clause texts,
 * one index per language. Chinese and English clauses share almost no features, so in one graph
 * they form two nearly orthogonal clusters and a greedy search entering the wrong one never leaves
 * it; separate graphs avoid that and need no language filter.
 */
import { HNSWLib } from '@langchain/community/vectorstores/hnswlib';
import { Document } from '@langchain/core/documents';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import {
  clauseKey,
  type VectorHit,
  type VectorScope,
  type VectorSearch,
} from '../../src/knowledge/hybrid-retriever.js';
import type { Clause } from '../../src/ports/retriever.js';

export interface BuildProgress {
  phase: 'embed' | 'index';
  done: number;
  total: number;
}

/** One HNSWLib store per clause language. */
export type VectorStores = Map<string, HNSWLib>;

const BATCH = 500;
/**
 * hnswlib's graph parameters. langchain's addVectors uses efConstruction 200; 64 builds a
 * 10,000-clause index about three times as fast, and the vector side only feeds 20 candidates
 * into the fusion, where an occasional approximate neighbour does not show.
 */
const M = 16;
const EF_CONSTRUCTION = 64;
const EF_SEARCH = 40;

/** What is embedded for a clause: its title and text. */
export const embeddingText = (c: Pick<Clause, 'title' | 'text'>): string => `${c.title}\n${c.text}`;

export async function buildVectorStores(
  clauses: readonly Clause[],
  embeddings: EmbeddingsInterface,
  onProgress?: (p: BuildProgress) => void,
): Promise<VectorStores> {
  const vectors: number[][] = [];
  for (let i = 0; i < clauses.length; i += BATCH) {
    const batch = clauses.slice(i, i + BATCH);
    vectors.push(...(await embeddings.embedDocuments(batch.map(embeddingText))));
    onProgress?.({ phase: 'embed', done: Math.min(i + BATCH, clauses.length), total: clauses.length });
  }
  const dimensions = vectors[0]?.length ?? 1;
  const { HierarchicalNSW } = await HNSWLib.imports();
  const stores: VectorStores = new Map();
  const langs = [...new Set(clauses.map((c) => c.lang))].sort();
  let done = 0;
  for (const lang of langs) {
    const members = clauses.map((c, i) => [c, i] as const).filter(([c]) => c.lang === lang);
    // The index is made here rather than by addVectors, to choose its construction parameters.
    const index = new HierarchicalNSW('cosine', dimensions);
    index.initIndex(Math.max(1, members.length), M, EF_CONSTRUCTION, 100);
    const store = new HNSWLib(embeddings, { space: 'cosine', numDimensions: dimensions, index });
    for (let start = 0; start < members.length; start += BATCH) {
      const docs: Record<string, Document> = {};
      members.slice(start, start + BATCH).forEach(([c, i], j) => {
        index.addPoint(vectors[i]!, start + j);
        docs[String(start + j)] = new Document({ pageContent: embeddingText(c), metadata: { key: clauseKey(c) } });
      });
      store.docstore.add(docs);
      done += Math.min(BATCH, members.length - start);
      onProgress?.({ phase: 'index', done, total: clauses.length });
    }
    stores.set(lang, store);
  }
  return stores;
}

export class HnswVectorSearch implements VectorSearch {
  constructor(
    private readonly stores: VectorStores,
    private readonly embeddings: EmbeddingsInterface,
  ) {}

  get size(): number {
    let n = 0;
    for (const store of this.stores.values()) n += store._index?.getCurrentCount() ?? 0;
    return n;
  }

  async search(query: string, k: number, scope: VectorScope): Promise<VectorHit[]> {
    if (k <= 0 || this.size === 0) return [];
    const vector = await this.embeddings.embedQuery(query);
    if (!vector.some((v) => v !== 0)) return [];
    const hits: VectorHit[] = [];
    for (const lang of scope.langs) {
      const store = this.stores.get(lang);
      const count = store?._index?.getCurrentCount() ?? 0;
      if (!store || count === 0) continue;
      if (count === 0) continue;
      store.index.setEf(Math.max(EF_SEARCH, k));
      // The buyer's language is one whole index; others contribute only the clauses it lacks.
      for (const [doc, distance] of await store.similaritySearchVectorWithScore(vector, Math.min(k, count))) {
        const key = keyOf(doc);
        // hnswlib returns a cosine distance (lower is closer); the port wants a similarity.
        if (scope.allow(key)) hits.push({ key, score: 1 - distance });
      }
    }
    return hits.sort((a, b) => b.score - a.score).slice(0, k);
  }
}

function keyOf(doc: Document): string {
  const key: unknown = doc.metadata.key;
  return typeof key === 'string' ? key : '';
}
