/** Wires the knowledge base: the hnswlib-backed hybrid retriever and its HTTP route. */
import { resolve } from 'node:path';
import { type KnowledgeBase, openKnowledgeBase } from '../adapters/retriever-hnswlib/index.js';
import type { Config } from '../src/config/env.js';
import type { Logger } from '../src/core/log.js';
import { kbSearchModule } from '../src/knowledge/http.js';
import type { Retriever } from '../src/ports/retriever.js';
import type { HttpModule } from '../src/server/app.js';

export interface KnowledgeWiring {
  retriever: Retriever;
  knowledgeBase: KnowledgeBase;
  httpModules: HttpModule[];
}

/** Loads the persisted index, building it first when knowledge/ changed or none exists yet. */
export async function createKnowledge(options: {
  config: Config;
  log: Logger;
  dataDir: string;
}): Promise<KnowledgeWiring> {
  const { config, log } = options;
  const knowledgeBase = await openKnowledgeBase({
    knowledgeDir: resolve(config.KNOWLEDGE_DIR),
    dataDir: options.dataDir,
    config,
    retrieval: { onVectorError: (err) => log.warn({ err }, 'vector search failed; answering from BM25 alone') },
  });
  log.info(
    {
      clauses: knowledgeBase.clauses,
      hash: knowledgeBase.hash.slice(0, 16),
      embeddings: knowledgeBase.embeddings,
      built: knowledgeBase.built,
    },
    knowledgeBase.built ? 'knowledge index built' : 'knowledge index loaded',
  );
  return {
    retriever: knowledgeBase.retriever,
    knowledgeBase,
    httpModules: [kbSearchModule(knowledgeBase.retriever)],
  };
}
