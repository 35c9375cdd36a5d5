/** The vector half of retrieval: langchain's HNSWLib store (hnswlib-node, cosine) over clause texts. */
import { HNSWLib } from '@langchain/community/vectorstores/hnswlib';
import { Document } from '@langchain/core/documents';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { clauseKey, type VectorHit, type VectorSearch } from '../../src/knowledge/hybrid-retriever.js';
import type { Clause } from '../../src/ports/retriever.js';

export interface BuildProgress {
  phase: 'embed' | 'index';
  done: number;
  total: number;
}

const BATCH = 500;
/**
 * hnswlib's graph parameters. langchain's addVectors uses efConstruction 200; 100 builds a
 * 10,000-clause index about twice as fast with the same neighbours at this size.
 */
const M = 16;
const EF_CONSTRUCTION = 100;
const EF_SEARCH = 64;

/** What is embedded for a clause: its title and text. */
export const embeddingText = (c: Pick<Clause, 'title' | 'text'>): string => `${c.title}\n${c.text}`;

export async function buildVectorStore(
  clauses: readonly Clause[],
  embeddings: EmbeddingsInterface,
  onProgress?: (p: BuildProgress) => void,
): Promise<HNSWLib> {
  const vectors: number[][] = [];
  for (let i = 0; i < clauses.length; i += BATCH) {
    const batch = clauses.slice(i, i + BATCH);
    vectors.push(...(await embeddings.embedDocuments(batch.map(embeddingText))));
    onProgress?.({ phase: 'embed', done: Math.min(i + BATCH, clauses.length), total: clauses.length });
  }
  const dimensions = vectors[0]?.length ?? 1;
  // The index is made here rather than by addVectors, to choose its construction parameters.
  const { HierarchicalNSW } = await HNSWLib.imports();
  const index = new HierarchicalNSW('cosine', dimensions);
  index.initIndex(Math.max(1, clauses.length), M, EF_CONSTRUCTION, 100);
  const store = new HNSWLib(embeddings, { space: 'cosine', numDimensions: dimensions, index });
  for (let i = 0; i < clauses.length; i += BATCH) {
    const docs: Record<string, Document> = {};
    clauses.slice(i, i + BATCH).forEach((c, j) => {
      index.addPoint(vectors[i + j]!, i + j);
      docs[String(i + j)] = new Document({ pageContent: embeddingText(c), metadata: { key: clauseKey(c) } });
    });
    store.docstore.add(docs);
    onProgress?.({ phase: 'index', done: Math.min(i + BATCH, clauses.length), total: clauses.length });
  }
  return store;
}

export class HnswVectorSearch implements VectorSearch {
  constructor(
    private readonly store: HNSWLib,
    private readonly embeddings: EmbeddingsInterface,
  ) {}

  get size(): number {
    return this.store._index?.getCurrentCount() ?? 0;
  }

  async search(query: string, k: number, allow: (key: string) => boolean): Promise<VectorHit[]> {
    const size = this.size;
    if (k <= 0 || size === 0) return [];
    const vector = await this.embeddings.embedQuery(query);
    if (!vector.some((v) => v !== 0)) return [];
    this.store.index.setEf(Math.max(EF_SEARCH, 3 * k));
    // Unfiltered first (a filter calls back into JS for every candidate); most hits are in the
    // buyer's language anyway. Filtered only when too few survive.
    let hits = (await this.store.similaritySearchVectorWithScore(vector, Math.min(size, 3 * k))).filter(([doc]) =>
      allow(keyOf(doc)),
    );
    if (hits.length < k && size > 3 * k) {
      hits = await this.store.similaritySearchVectorWithScore(vector, Math.min(k, size), (doc) => allow(keyOf(doc)));
    }
    // hnswlib returns a cosine distance (lower is closer); the port wants a similarity.
    return hits.slice(0, k).map(([doc, distance]) => ({ key: keyOf(doc), score: 1 - distance }));
  }
}

function keyOf(doc: Document): string {
  const key: unknown = doc.metadata.key;
  return typeof key === 'string' ? key : '';
}
