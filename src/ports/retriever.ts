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
}

export interface Retriever {
  /** Best clauses first, in `lang` when the clause exists in it. Never throws on odd queries. */
  search(query: string, options?: { k?: number; lang?: Lang }): Promise<RetrievedClause[]>;
  clause(id: ClauseId, lang: Lang): Promise<Clause | null>;
}
