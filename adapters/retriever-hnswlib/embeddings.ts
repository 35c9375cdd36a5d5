/** Which langchain Embeddings backs the vector index: offline hashing by default, or an OpenAI-compatible endpoint. */
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { OpenAIEmbeddings } from '@langchain/openai';
import type { Config } from '../../src/config/env.js';
import type { Tokeniser } from '../../src/knowledge/tokenise.js';
import { HashedNgramEmbeddings } from './hashed-embeddings.js';

export interface ChosenEmbeddings {
  embeddings: EmbeddingsInterface;
  /** Identifies the vector space: indexes built with another id are not reused. */
  id: string;
}

export type EmbeddingsConfig = Pick<Config, 'EMBEDDINGS_URL' | 'EMBEDDINGS_MODEL' | 'EMBEDDINGS_API_KEY'>;

export const DEFAULT_REMOTE_MODEL = 'text-embedding-3-small';

export function chooseEmbeddings(config: EmbeddingsConfig, tokeniser: Tokeniser): ChosenEmbeddings {
  if (!config.EMBEDDINGS_URL) {
    const offline = new HashedNgramEmbeddings(tokeniser);
    return { embeddings: offline, id: offline.id };
  }
  const model = config.EMBEDDINGS_MODEL ?? DEFAULT_REMOTE_MODEL;
  return {
    embeddings: new OpenAIEmbeddings({
      model,
      // Local OpenAI-compatible servers often need no key; the client insists on one.
      apiKey: config.EMBEDDINGS_API_KEY ?? 'none',
      configuration: { baseURL: config.EMBEDDINGS_URL },
      maxRetries: 2,
    }),
    id: `openai-compatible:${model}@${config.EMBEDDINGS_URL}`,
  };
}
