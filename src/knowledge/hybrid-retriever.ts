/**
 * The Retriever port, hybrid: BM25 over jieba tokens plus an optional vector search, fused by
 * reciprocal rank. Clauses come back in the asked (or detected) language when they exist in it.
 */
import type { ClauseId, Lang } from '../core/domain.js';
import type { Clause, RetrievedClause, Retriever } from '../ports/retriever.js';
import { Bm25Index } from './bm25.js';
import { reciprocalRankFusion } from './fusion.js';
import { MAX_QUERY_CHARS, type Tokeniser } from './tokenise.js';

export interface VectorHit {
  key: string;
  /** Similarity, higher is better. */
  score: number;
}

export interface VectorScope {
  /** Languages of the clauses that may be returned (the buyer's, plus any holding untranslated clauses). */
  langs: readonly Lang[];
  allow: (key: string) => boolean;
}

/** The vector half of the hybrid (adapters/retriever-hnswlib implements it). Keys are `clauseKey()`. */
export interface VectorSearch {
  search(query: string, k: number, scope: VectorScope): Promise<VectorHit[]>;
}

export const clauseKey = (clause: Pick<Clause, 'lang' | 'id'>): string => `${clause.lang}:${clause.id}`;

export interface HybridOptions {
  /** Candidates taken from each side before fusion. */
  candidates?: number;
  rrfK?: number;
  bm25Weight?: number;
  vectorWeight?: number;
  /** Vector hits below this similarity are dropped. */
  minVectorScore?: number;
  defaultK?: number;
  maxK?: number;
  /** Told when the vector side fails; the answer then rests on BM25 alone. */
  onVectorError?: (err: unknown) => void;
}

const LANGS: readonly Lang[] = ['zh', 'en'];
/**
 * A pasted essay yields hundreds of terms; the most informative ones decide the ranking, and the
 * common ones (long posting lists) only cost time.
 */
const MAX_QUERY_TERMS = 32;
const MENTIONED_ID = /\b(rp-\d{2}|law-[a-z0-9]+(?:-[a-z0-9]+)*)\b/gi;

export class HybridRetriever implements Retriever {
  private readonly bm25: Bm25Index;
  private readonly index = new Map<string, number>();
  private readonly views = new Map<Lang, { docs: Uint8Array; keys: Set<string>; langs: Lang[] }>();
  private readonly options: Required<Omit<HybridOptions, 'onVectorError'>> & Pick<HybridOptions, 'onVectorError'>;

  constructor(
    readonly clauses: readonly Clause[],
    private readonly tokeniser: Tokeniser,
    private readonly vectors?: VectorSearch,
    options: HybridOptions = {},
  ) {
    this.options = {
      candidates: 20,
      rrfK: 60,
      bm25Weight: 1,
      // The offline embedding is lexical too and weaker than BM25 on the dev queries: it breaks ties.
      vectorWeight: 0.5,
      minVectorScore: 0,
      defaultK: 5,
      maxK: 50,
      ...options,
    };
    clauses.forEach((c, i) => {
      this.index.set(clauseKey(c), i);
    });
    this.bm25 = new Bm25Index(clauses.map((c) => documentTokens(tokeniser, c)));
    for (const lang of LANGS) {
      // A clause missing in the buyer's language is still found, in the language it exists in.
      const own = new Set(clauses.filter((c) => c.lang === lang).map((c) => c.id));
      const docs = new Uint8Array(clauses.length);
      const keys = new Set<string>();
      const langs = new Set<Lang>();
      clauses.forEach((c, i) => {
        if (c.lang === lang || !own.has(c.id)) {
          docs[i] = 1;
          keys.add(clauseKey(c));
          langs.add(c.lang);
        }
      });
      this.views.set(lang, { docs, keys, langs: [...langs] });
    }
  }

  async search(query: string, options: { k?: number; lang?: Lang } = {}): Promise<RetrievedClause[]> {
    return this.rank(query, options, this.options);
  }

  /** The same indexes with other fusion weights (e.g. one half alone, for evaluation). */
  withWeights(weights: Pick<HybridOptions, 'bm25Weight' | 'vectorWeight'>): Retriever {
    const options = { ...this.options, ...weights };
    return {
      search: (query, o = {}) => this.rank(query, o, options),
      clause: (id, lang) => this.clause(id, lang),
    };
  }

  private async rank(
    query: string,
    options: { k?: number; lang?: Lang },
    weights: Pick<Required<HybridOptions>, 'bm25Weight' | 'vectorWeight'>,
  ): Promise<RetrievedClause[]> {
    const text = typeof query === 'string' ? query.slice(0, MAX_QUERY_CHARS) : '';
    const k = clampK(options.k ?? this.options.defaultK, this.options.maxK);
    if (text.trim() === '' || k === 0) return [];
    const { terms: all, lang: detected } = this.tokeniser.query(text);
    if (all.size === 0) return [];
    const terms =
      all.size <= MAX_QUERY_TERMS
        ? all
        : new Map(
            [...all]
              .map(([t, w]) => [t, w, w * this.bm25.idf(t)] as const)
              .sort((a, b) => b[2] - a[2])
              .slice(0, MAX_QUERY_TERMS)
              .map(([t, w]) => [t, w]),
          );
    const lang = options.lang ?? detected;
    const view = this.views.get(lang)!;
    const n = this.options.candidates;

    const lexical =
      weights.bm25Weight > 0
        ? this.bm25.search(terms, n, (doc) => view.docs[doc] === 1).map((h) => clauseKey(this.clauses[h.doc]!))
        : [];
    // Every text is nearest to something: when no term of the query occurs in the policy (chit-chat,
    // keyboard mash), the vector side alone does not answer.
    const lexicalMiss = weights.bm25Weight > 0 && lexical.length === 0;
    const semantic = weights.vectorWeight > 0 && !lexicalMiss ? await this.vectorKeys(text, n, view) : [];
    const fused = reciprocalRankFusion(
      [
        { keys: lexical, weight: weights.bm25Weight },
        { keys: semantic, weight: weights.vectorWeight },
      ],
      this.options.rrfK,
    );

    // A clause the buyer names ("what does RP-08 say") comes first.
    const named = [...text.matchAll(MENTIONED_ID)]
      .map((m) => this.pick(m[1]!.toUpperCase(), lang))
      .filter((c): c is Clause => c !== null);
    const top = fused[0]?.score ?? 0;
    // Copies of clauses only for the k returned: copying all 40 candidates cost a query 4 KB that
    // V8 allocates in the old generation (the clauses live there), collected by long pauses.
    const results = new Map<string, RetrievedClause>();
    for (const c of named) if (results.size < k && !results.has(c.id)) results.set(c.id, { ...c, score: top + 1 });
    for (const { key, score } of fused) {
      if (results.size >= k) break;
      const c = this.clauses[this.index.get(key)!]!;
      if (!results.has(c.id)) results.set(c.id, { ...c, score });
    }
    return [...results.values()];
  }

  async clause(id: ClauseId, lang: Lang): Promise<Clause | null> {
    return this.pick(id, lang);
  }

  private pick(id: string, lang: Lang): Clause | null {
    const i =
      this.index.get(`${lang}:${id}`) ?? LANGS.map((l) => this.index.get(`${l}:${id}`)).find((x) => x !== undefined);
    return i === undefined ? null : this.clauses[i]!;
  }

  private async vectorKeys(text: string, n: number, view: { keys: Set<string>; langs: Lang[] }): Promise<string[]> {
    if (!this.vectors) return [];
    try {
      const hits = await this.vectors.search(text, n, { langs: view.langs, allow: (key) => view.keys.has(key) });
      return hits
        .filter((h) => Number.isFinite(h.score) && h.score >= this.options.minVectorScore && this.index.has(h.key))
        .map((h) => h.key);
    } catch (err) {
      this.options.onVectorError?.(err);
      return [];
    }
  }
}

/** The title counts twice: a clause's heading says what it is about. */
export function documentTokens(tokeniser: Tokeniser, clause: Pick<Clause, 'title' | 'text'>): string[] {
  const title = tokeniser.tokens(clause.title);
  return [...title, ...title, ...tokeniser.tokens(clause.text)];
}

function clampK(k: number, max: number): number {
  if (!Number.isFinite(k)) return 0;
  return Math.max(0, Math.min(max, Math.floor(k)));
}
