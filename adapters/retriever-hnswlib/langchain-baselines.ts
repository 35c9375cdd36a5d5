/**
 * langchain's own retrievers over the same clauses, wrapped as Retrievers, so that `npm run eval:kb
 * -- --compare` measures ours against them: BM25Retriever (@langchain/community) as shipped
 * (whitespace words) and fed our jieba terms, and EnsembleRetriever (weighted reciprocal rank fusion)
 * of that BM25 with the same HNSWLib passage index the hybrid uses. Not used by the product.
 */
import { EnsembleRetriever } from '@langchain/classic/retrievers/ensemble';
import { BM25Retriever } from '@langchain/community/retrievers/bm25';
import { Document } from '@langchain/core/documents';
import { BaseRetriever } from '@langchain/core/retrievers';
import type { Lang } from '../../src/core/domain.js';
import { documentTokens } from '../../src/knowledge/hybrid-retriever.js';
import { hasHan } from '../../src/knowledge/normalise.js';
import type { Tokeniser } from '../../src/knowledge/tokenise.js';
import type { Clause, RetrievedClause, Retriever } from '../../src/ports/retriever.js';
import type { VectorStores } from './vector-store.js';

/** Candidates each langchain retriever returns (the evaluation looks at the first 10). */
const K = 20;

export type Bm25Input = 'plain' | 'jieba';

/** BM25Retriever per language; `plain` is its default (lower case, split on whitespace), `jieba` our terms. */
export function langchainBm25(clauses: readonly Clause[], tokeniser: Tokeniser, input: Bm25Input): Retriever {
  const byLang = new Map<Lang, BaseRetriever>();
  for (const lang of ['zh', 'en'] as const) byLang.set(lang, bm25For(clauses, lang, tokeniser, input));
  return asPort(clauses, byLang);
}

/** EnsembleRetriever of the jieba-fed BM25Retriever and the HNSWLib passage index, per language. */
export function langchainEnsemble(
  clauses: readonly Clause[],
  tokeniser: Tokeniser,
  stores: VectorStores,
  weights: [bm25: number, vector: number] = [0.5, 0.5],
): Retriever {
  const byLang = new Map<Lang, BaseRetriever>();
  for (const lang of ['zh', 'en'] as const) {
    const store = stores.get(lang);
    const bm25 = bm25For(clauses, lang, tokeniser, 'jieba');
    byLang.set(
      lang,
      store ? new EnsembleRetriever({ retrievers: [bm25, store.asRetriever({ k: K })], weights }) : bm25,
    );
  }
  return asPort(clauses, byLang);
}

function bm25For(clauses: readonly Clause[], lang: Lang, tokeniser: Tokeniser, input: Bm25Input): BaseRetriever {
  const docs = clauses
    .filter((c) => c.lang === lang)
    .map(
      (c) =>
        new Document({
          pageContent: input === 'jieba' ? documentTokens(tokeniser, c).join(' ') : `${c.title}\n${c.text}`,
          metadata: { key: `${c.lang}:${c.id}` },
        }),
    );
  const retriever = BM25Retriever.fromDocuments(docs, { k: K });
  return input === 'jieba' ? new TermsFirst(retriever, tokeniser) : retriever;
}

/**
 * Hands BM25Retriever our query terms, space-separated: its own preprocessing (lower case, split on
 * whitespace) then yields exactly them. Its preprocessFunc is private, hence this wrapper.
 */
class TermsFirst extends BaseRetriever {
  lc_namespace = ['refund-desk', 'retrievers'];

  constructor(
    private readonly inner: BaseRetriever,
    private readonly tokeniser: Tokeniser,
  ) {
    super();
  }

  override async _getRelevantDocuments(query: string): Promise<Document[]> {
    return this.inner.invoke([...this.tokeniser.query(query).terms.keys()].join(' '));
  }
}

function asPort(clauses: readonly Clause[], byLang: Map<Lang, BaseRetriever>): Retriever {
  const byKey = new Map(clauses.map((c) => [`${c.lang}:${c.id}`, c]));
  return {
    async search(query, options = {}) {
      const lang = options.lang ?? (hasHan(query) ? 'zh' : 'en');
      const docs = await byLang.get(lang)!.invoke(query);
      const out: RetrievedClause[] = [];
      for (const doc of docs) {
        const key: unknown = doc.metadata.key;
        const clause = typeof key === 'string' ? byKey.get(key) : undefined;
        if (clause && !out.some((c) => c.id === clause.id)) out.push({ ...clause, score: 1 / (out.length + 1) });
      }
      return out.slice(0, options.k ?? 5);
    },
    async clause(id, lang) {
      return byKey.get(`${lang}:${id}`) ?? null;
    },
  };
}
