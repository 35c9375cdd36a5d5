import type { ClauseId, Lang } from '../core/domain.js';

export interface Clause {
  id: ClauseId;
  title: string;
  text: string;
  /** Document id from the front matter, e.g. `refund-rules`. */
  document: string;
  lang: Lang;
  version: string;
}

export interface RetrievedClause extends Clause {
  score: number;
  /**
   * Share of the query's words (weighted by how rare they are in the knowledge base, 0–1) that this
   * clause contains. Low when the clause answers the question around a word the rules never use.
   * Optional: retrievers that cannot tell leave it out.
   */
  coverage?: number;
}

export interface SearchOptions {
  k?: number;
  lang?: Lang;
}

/** A search with what the answer rests on. */
export interface Retrieval {
  /** As `search` returns them. */
  results: RetrievedClause[];
  /**
   * The buyer's words that no clause contains, e.g. `usdt` in "用USDT付的 怎么退": the rules do not
   * speak about it, so the best clause answers around it.
   */
  unknownTerms: string[];
}

export interface Retriever {
  /** Best clauses first, in `lang` when the clause exists in it. Never throws on odd queries. */
  search(query: string, options?: SearchOptions): Promise<RetrievedClause[]>;
  /** The same search with `unknownTerms`; optional, so that simple retrievers need not implement it. */
  retrieve?(query: string, options?: SearchOptions): Promise<Retrieval>;
  clause(id: ClauseId, lang: Lang): Promise<Clause | null>;
}
