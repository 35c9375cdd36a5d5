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
  const store = new HNSWLib(embeddings, { space: 'cosine', numDimensions: dimensions });
  for (let i = 0; i < clauses.length; i += BATCH) {
    const docs = clauses
      .slice(i, i + BATCH)
      .map((c) => new Document({ pageContent: embeddingText(c), metadata: { key: clauseKey(c) } }));
    await store.addVectors(vectors.slice(i, i + BATCH), docs);
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
    const n = Math.min(k, this.size);
    if (n <= 0) return [];
    const vector = await this.embeddings.embedQuery(query);
    if (!vector.some((v) => v !== 0)) return [];
    const hits = await this.store.similaritySearchVectorWithScore(vector, n, (doc) => allow(keyOf(doc)));
    // hnswlib returns a cosine distance (lower is closer); the port wants a similarity.
    return hits.map(([doc, distance]) => ({ key: keyOf(doc), score: 1 - distance }));
  }
}

function keyOf(doc: Document): string {
  const key: unknown = doc.metadata.key;
  return typeof key === 'string' ? key : '';
}
