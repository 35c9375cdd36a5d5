/** hnswlib-backed retrieval: the langchain embeddings, the HNSWLib vector store and the persisted knowledge base. */
export { type ChosenEmbeddings, chooseEmbeddings, DEFAULT_REMOTE_MODEL, type EmbeddingsConfig } from './embeddings.js';
export { DEFAULT_DIMENSIONS, HashedNgramEmbeddings } from './hashed-embeddings.js';
export { type KnowledgeBase, type OpenKnowledgeOptions, openKnowledgeBase } from './knowledge-base.js';
export { type Bm25Input, langchainBm25, langchainEnsemble } from './langchain-baselines.js';
export {
  type BuildProgress,
  buildVectorStores,
  HnswVectorSearch,
  INDEX_LAYOUT,
  type VectorStores,
} from './vector-store.js';
