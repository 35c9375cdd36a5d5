/**
 * The Retriever port, hybrid: BM25 over jieba tokens plus an optional vector search, fused.
 * Clauses come back in the asked (or detected) language when they exist in it.
 */
import type { ClauseId, Lang } from '../core/domain.js';
import type { Clause, Retrieval, RetrievedClause, Retriever, SearchOptions } from '../ports/retriever.js';
import { Bm25Index } from './bm25.js';
import { convexCombination, reciprocalRankFusion } from './fusion.js';
import { MAX_QUERY_CHARS, type Tokeniser, withPairs } from './tokenise.js';

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
  /** Candidates taken from BM25 before fusion (at least the k asked for). */
  candidates?: number;
  /**
   * Candidates taken from the vector side when it is fused with BM25: with its small weight it
   * reorders near ties at the top, and every candidate costs search time.
   */
  vectorCandidates?: number;
  /** `convex`: weighted sum of scores normalised per query; `rrf`: reciprocal rank fusion. */
  fusion?: 'convex' | 'rrf';
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

type Weights = Pick<Required<HybridOptions>, 'bm25Weight' | 'vectorWeight'>;

const LANGS: readonly Lang[] = ['zh', 'en'];
/**
 * A pasted essay yields hundreds of terms; the most informative ones decide the ranking, and the
 * common ones (long posting lists) only cost time.
 */
const MAX_QUERY_TERMS = 32;
const MENTIONED_ID = /\b(rp-\d{2}|law-[a-z0-9]+(?:-[a-z0-9]+)*)\b/gi;

/** The clauses one language's buyers search: that language's, plus those not translated into it. */
interface View {
  /** View document number → clause index. */
  members: Int32Array;
  /** Clause index → view document number, -1 outside the view. */
  docOf: Int32Array;
  bm25: Bm25Index;
  keys: Set<string>;
  langs: Lang[];
}

export class HybridRetriever implements Retriever {
  private readonly index = new Map<string, number>();
  private readonly views = new Map<Lang, View>();
  private readonly options: Required<Omit<HybridOptions, 'onVectorError'>> & Pick<HybridOptions, 'onVectorError'>;

  constructor(
    readonly clauses: readonly Clause[],
    private readonly tokeniser: Tokeniser,
    private readonly vectors?: VectorSearch,
    options: HybridOptions = {},
  ) {
    this.options = {
      candidates: 20,
      vectorCandidates: 10,
      fusion: 'convex',
      rrfK: 60,
      // Chosen on our tuning queries by `npm run eval:kb -- --choose-weight` (the rule is in that
      // script). The offline embedding is lexical too, and weaker than BM25: it settles near ties.
      bm25Weight: 0.95,
      vectorWeight: 0.05,
      minVectorScore: 0,
      defaultK: 5,
      maxK: 50,
      ...options,
    };
    clauses.forEach((c, i) => {
      this.index.set(clauseKey(c), i);
    });
    const tokens = clauses.map((c) => documentTokens(tokeniser, c));
    for (const lang of LANGS) {
      const own = new Set(clauses.filter((c) => c.lang === lang).map((c) => c.id));
      const members: number[] = [];
      const docOf = new Int32Array(clauses.length).fill(-1);
      const langs = new Set<Lang>();
      clauses.forEach((c, i) => {
        if (c.lang === lang || !own.has(c.id)) {
          docOf[i] = members.length;
          members.push(i);
          langs.add(c.lang);
        }
      });
      this.views.set(lang, {
        members: Int32Array.from(members),
        docOf,
        bm25: new Bm25Index(members.map((i) => tokens[i]!)),
        keys: new Set(members.map((i) => clauseKey(clauses[i]!))),
        langs: [...langs],
      });
    }
  }

  async search(query: string, options: SearchOptions = {}): Promise<RetrievedClause[]> {
    return (await this.rank(query, options, this.options)).results;
  }

  async retrieve(query: string, options: SearchOptions = {}): Promise<Retrieval> {
    return this.rank(query, options, this.options);
  }

  /** The fusion weights in use. */
  get weights(): Weights {
    return { bm25Weight: this.options.bm25Weight, vectorWeight: this.options.vectorWeight };
  }

  /** The same indexes with other fusion weights or method (e.g. one half alone, for evaluation). */
  withWeights(weights: Partial<Weights> & Pick<HybridOptions, 'fusion'>): Retriever {
    const options = { ...this.options, ...weights };
    return {
      search: async (query, o = {}) => (await this.rank(query, o, options)).results,
      retrieve: (query, o = {}) => this.rank(query, o, options),
      clause: (id, lang) => this.clause(id, lang),
    };
  }

  private async rank(
    query: string,
    options: SearchOptions,
    weights: Weights & Pick<Required<HybridOptions>, 'fusion'>,
  ): Promise<Retrieval> {
    const none: Retrieval = { results: [], unknownTerms: [] };
    const text = typeof query === 'string' ? query.slice(0, MAX_QUERY_CHARS) : '';
    const k = clampK(options.k ?? this.options.defaultK, this.options.maxK);
    if (text.trim() === '' || k === 0) return none;
    const { terms: all, lang: detected } = this.tokeniser.query(text);
    if (all.size === 0) return none;
    const lang = options.lang ?? detected;
    const view = this.views.get(lang)!;
    const terms =
      all.size <= MAX_QUERY_TERMS
        ? all
        : new Map(
            [...all]
              .map(([t, w]) => [t, w, w * view.bm25.idf(t)] as const)
              .sort((a, b) => b[2] - a[2])
              .slice(0, MAX_QUERY_TERMS)
              .map(([t, w]) => [t, w]),
          );
    const n = Math.max(this.options.candidates, k);

    const lexical =
      weights.bm25Weight > 0
        ? view.bm25
            .search(terms, n)
            .map((h) => ({ key: clauseKey(this.clauses[view.members[h.doc]!]!), score: h.score }))
        : [];
    // Every text is nearest to something: when no term of the query occurs in the policy (chit-chat,
    // keyboard mash), the vector side alone does not answer.
    const lexicalMiss = weights.bm25Weight > 0 && lexical.length === 0;
    const vectorMatters =
      weights.vectorWeight > 0 && !lexicalMiss && (weights.fusion === 'rrf' || !settledByBm25(lexical, k, weights));
    const semantic = vectorMatters
      ? await this.vectorHits(text, weights.bm25Weight > 0 ? this.options.vectorCandidates : n, view)
      : [];
    const fused =
      weights.fusion === 'rrf'
        ? reciprocalRankFusion(
            [
              { keys: lexical.map((h) => h.key), weight: weights.bm25Weight },
              { keys: semantic.map((h) => h.key), weight: weights.vectorWeight },
            ],
            this.options.rrfK,
          )
        : convexCombination([
            { hits: lexical, weight: weights.bm25Weight },
            { hits: semantic, weight: weights.vectorWeight },
          ]);

    // A clause the buyer names ("what does RP-08 say") comes first.
    const named = [...text.matchAll(MENTIONED_ID)]
      .map((m) => this.pick(m[1]!.toUpperCase(), lang))
      .filter((c): c is Clause => c !== null);
    const top = fused[0]?.score ?? 0;
    // The buyer's own words, without the word pairs and the synonyms added for BM25.
    const own = [...all].filter(([t, w]) => w >= 1 && !t.includes('_')).map(([t]) => t);
    // Copies of clauses only for the k returned: copying all 40 candidates cost a query 4 KB that
    // V8 allocates in the old generation (the clauses live there), collected by long pauses.
    const results = new Map<string, RetrievedClause>();
    const add = (i: number, score: number) => {
      const c = this.clauses[i]!;
      if (results.has(c.id)) return;
      results.set(c.id, { ...c, score, coverage: this.coverage(own, view, i) });
    };
    for (const c of named) if (results.size < k) add(this.index.get(clauseKey(c))!, top + 1);
    for (const { key, score } of fused) {
      if (results.size >= k) break;
      add(this.index.get(key)!, score);
    }
    return { results: [...results.values()], unknownTerms: this.unknown(own) };
  }

  /** Share of the query's own terms, weighted by idf, that the clause contains. */
  private coverage(terms: readonly string[], view: View, clause: number): number {
    const doc = view.docOf[clause]!;
    let total = 0;
    let found = 0;
    for (const t of terms) {
      const idf = view.bm25.idf(t);
      total += idf;
      if (doc >= 0 && view.bm25.contains(t, doc)) found += idf;
    }
    return total > 0 ? found / total : 0;
  }

  /**
   * Query words no clause in any language contains, longest form only (比特币, not also 比特). Left
   * out: a single Han character (alone it is a particle or part of a word: 去, 哪) and a word made of
   * a known word and more (微信付 holds 微信): jieba's compound, not a thing the rules fail to mention.
   */
  private unknown(terms: readonly string[]): string[] {
    const known = (t: string) => [...this.views.values()].some((v) => v.bm25.has(t));
    const han = (t: string) => /\p{Script=Han}/u.test(t);
    const holdsKnownWord = (t: string) => {
      for (let from = 0; from < t.length - 1; from++)
        for (let to = from + 2; to <= t.length && to - from < t.length; to++) if (known(t.slice(from, to))) return true;
      return false;
    };
    const unknown = terms.filter(
      (t) => !known(t) && !(han(t) && (t.length === 1 || (t.length <= 8 && holdsKnownWord(t)))),
    );
    return unknown.filter((t) => !unknown.some((u) => u !== t && u.includes(t)));
  }

  async clause(id: ClauseId, lang: Lang): Promise<Clause | null> {
    return this.pick(id, lang);
  }

  private pick(id: string, lang: Lang): Clause | null {
    const i =
      this.index.get(`${lang}:${id}`) ?? LANGS.map((l) => this.index.get(`${l}:${id}`)).find((x) => x !== undefined);
    return i === undefined ? null : this.clauses[i]!;
  }

  private async vectorHits(text: string, n: number, view: View): Promise<VectorHit[]> {
    if (!this.vectors) return [];
    try {
      const hits = await this.vectors.search(text, n, { langs: view.langs, allow: (key) => view.keys.has(key) });
      return hits.filter(
        (h) => Number.isFinite(h.score) && h.score >= this.options.minVectorScore && this.index.has(h.key),
      );
    } catch (err) {
      this.options.onVectorError?.(err);
      return [];
    }
  }
}

/**
 * Whether the vector side could change the k clauses returned or their order, in the convex
 * combination: it adds at most `vectorWeight` to a clause, so when every gap between BM25's first
 * k + 1 normalised scores, and BM25's k-th score itself, exceed that, the answer is BM25's and the
 * vector search is skipped. Exact, not an approximation; only the scores lack the vector's share.
 */
export function settledByBm25(lexical: ReadonlyArray<{ score: number }>, k: number, weights: Weights): boolean {
  if (weights.bm25Weight <= 0 || lexical.length < k) return false;
  const top = lexical[0]!.score;
  if (!(top > 0)) return false;
  const margin = weights.vectorWeight / weights.bm25Weight;
  // A clause only the vector side found scores at most the margin: it must stay below the k-th.
  if (lexical[k - 1]!.score / top <= margin) return false;
  for (let i = 0; i + 1 < Math.min(k + 1, lexical.length); i++) {
    if ((lexical[i]!.score - lexical[i + 1]!.score) / top <= margin) return false;
  }
  return true;
}

/** BM25 terms of a clause, word pairs included; the title counts twice: it says what the clause is about. */
export function documentTokens(tokeniser: Tokeniser, clause: Pick<Clause, 'title' | 'text'>): string[] {
  const title = withPairs(tokeniser.tokens(clause.title));
  return [...title, ...title, ...withPairs(tokeniser.tokens(clause.text))];
}

function clampK(k: number, max: number): number {
  if (!Number.isFinite(k)) return 0;
  return Math.max(0, Math.min(max, Math.floor(k)));
}
