/**
 * Opens the knowledge base: ingest knowledge/, then load the vector index persisted under
 * DATA_DIR/kb/<content hash>/<embeddings>/ or build it when knowledge/ (or the embedding) changed.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HNSWLib } from '@langchain/community/vectorstores/hnswlib';
import { z } from 'zod';
import { knowledgeHash } from '../../src/knowledge/content-hash.js';
import { type HybridOptions, HybridRetriever } from '../../src/knowledge/hybrid-retriever.js';
import { loadKnowledge } from '../../src/knowledge/ingest.js';
import { loadLexicon } from '../../src/knowledge/lexicon.js';
import { Tokeniser } from '../../src/knowledge/tokenise.js';
import { chooseEmbeddings, type EmbeddingsConfig } from './embeddings.js';
import {
  type BuildProgress,
  buildVectorStores,
  HnswVectorSearch,
  INDEX_LAYOUT,
  type VectorStores,
} from './vector-store.js';

export interface OpenKnowledgeOptions {
  knowledgeDir: string;
  dataDir: string;
  config: EmbeddingsConfig;
  /** Build even when a matching index exists. */
  rebuild?: boolean;
  onProgress?: (p: BuildProgress) => void;
  retrieval?: HybridOptions;
}

export interface KnowledgeBase {
  retriever: HybridRetriever;
  /** The vector index and the tokeniser behind the retriever (for evaluation and benchmarks). */
  stores: VectorStores;
  tokeniser: Tokeniser;
  hash: string;
  indexDir: string;
  embeddings: string;
  /** True when this call built the index, false when it was loaded. */
  built: boolean;
  clauses: number;
}

const Manifest = z.object({
  hash: z.string(),
  embeddings: z.string(),
  clauses: z.number(),
  langs: z.array(z.enum(['zh', 'en'])),
  builtAt: z.string(),
});

export async function openKnowledgeBase(options: OpenKnowledgeOptions): Promise<KnowledgeBase> {
  const hash = knowledgeHash(options.knowledgeDir);
  const { clauses } = loadKnowledge(options.knowledgeDir);
  const tokeniser = new Tokeniser(loadLexicon(options.knowledgeDir));
  const chosen = chooseEmbeddings(options.config, tokeniser);
  const { embeddings } = chosen;
  // The vector space and what was put into it: either changing means another index.
  const id = `${chosen.id}+${INDEX_LAYOUT}`;
  const kbRoot = join(options.dataDir, 'kb');
  const hashDir = join(kbRoot, hash.slice(0, 16));
  const indexDir = join(hashDir, createHash('sha256').update(id).digest('hex').slice(0, 12));

  let stores = options.rebuild ? undefined : await loadIfCurrent(indexDir, hash, id, embeddings);
  const built = stores === undefined;
  if (!stores) {
    stores = await buildVectorStores(clauses, embeddings, options.onProgress);
    const tmp = `${indexDir}.tmp-${process.pid}`;
    rmSync(tmp, { recursive: true, force: true });
    for (const [lang, store] of stores) await store.save(join(tmp, lang));
    const manifest: z.infer<typeof Manifest> = {
      hash,
      embeddings: id,
      clauses: clauses.length,
      langs: [...stores.keys()] as Array<'zh' | 'en'>,
      builtAt: new Date().toISOString(),
    };
    writeFileSync(join(tmp, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    rmSync(indexDir, { recursive: true, force: true });
    mkdirSync(hashDir, { recursive: true });
    renameSync(tmp, indexDir);
    pruneOtherVersions(kbRoot, hash.slice(0, 16));
  }

  const retriever = new HybridRetriever(
    clauses,
    tokeniser,
    new HnswVectorSearch(stores, embeddings),
    options.retrieval,
  );
  return { retriever, stores, tokeniser, hash, indexDir, embeddings: id, built, clauses: clauses.length };
}

async function loadIfCurrent(
  dir: string,
  hash: string,
  id: string,
  embeddings: ConstructorParameters<typeof HNSWLib>[0],
): Promise<VectorStores | undefined> {
  const manifestFile = join(dir, 'manifest.json');
  if (!existsSync(manifestFile)) return undefined;
  try {
    const manifest = Manifest.parse(JSON.parse(readFileSync(manifestFile, 'utf8')));
    if (manifest.hash !== hash || manifest.embeddings !== id) return undefined;
    const stores: VectorStores = new Map();
    for (const lang of manifest.langs) stores.set(lang, await HNSWLib.load(join(dir, lang), embeddings));
    return stores;
  } catch {
    return undefined; // unreadable or partial: rebuild
  }
}

/** Indexes of earlier knowledge versions are dead weight once a new one is built. */
function pruneOtherVersions(kbRoot: string, keep: string): void {
  for (const entry of readdirSync(kbRoot, { withFileTypes: true })) {
    if (entry.isDirectory() && entry.name !== keep && /^[0-9a-f]{16}$/.test(entry.name)) {
      rmSync(join(kbRoot, entry.name), { recursive: true, force: true });
    }
  }
}
