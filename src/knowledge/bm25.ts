/** Okapi BM25 over pre-tokenised documents, with an inverted index so a query touches only its postings. */

export interface Bm25Options {
  k1?: number;
  b?: number;
}

export interface ScoredDoc {
  doc: number;
  score: number;
}

interface Postings {
  docs: number[];
  tfs: number[];
}

export class Bm25Index {
  private readonly postings = new Map<string, Postings>();
  private readonly lengths: Float64Array;
  /** k1 · (1 − b + b · |d| / avgdl), per document. */
  private readonly norms: Float64Array;
  private readonly avgLength: number;
  /** Score accumulator reused across searches (zeroed after each): no large allocation per query. */
  private readonly scores: Float64Array;
  private readonly k1: number;
  private readonly b: number;

  constructor(documents: ReadonlyArray<readonly string[]>, options: Bm25Options = {}) {
    this.k1 = options.k1 ?? 1.2;
    this.b = options.b ?? 0.75;
    this.lengths = new Float64Array(documents.length);
    let total = 0;
    documents.forEach((tokens, doc) => {
      this.lengths[doc] = tokens.length;
      total += tokens.length;
      const counts = new Map<string, number>();
      for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
      for (const [term, tf] of counts) {
        let p = this.postings.get(term);
        if (!p) {
          p = { docs: [], tfs: [] };
          this.postings.set(term, p);
        }
        p.docs.push(doc);
        p.tfs.push(tf);
      }
    });
    this.avgLength = documents.length > 0 ? total / documents.length : 0;
    this.scores = new Float64Array(documents.length);
    this.norms = this.lengths.map((l) => this.k1 * (1 - this.b + (this.b * l) / (this.avgLength || 1)));
  }

  get size(): number {
    return this.lengths.length;
  }

  idf(term: string): number {
    const df = this.postings.get(term)?.docs.length ?? 0;
    const n = this.lengths.length;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** Top `k` documents for weighted query terms, restricted to `allow` when given; zero scores dropped. */
  search(terms: ReadonlyMap<string, number>, k: number, allow?: (doc: number) => boolean): ScoredDoc[] {
    if (k <= 0) return [];
    const scores = this.scores;
    const touched: number[] = [];
    for (const [term, weight] of terms) {
      const p = this.postings.get(term);
      if (!p) continue;
      const factor = weight * this.idf(term) * (this.k1 + 1);
      for (let i = 0; i < p.docs.length; i++) {
        const doc = p.docs[i]!;
        if (allow && !allow(doc)) continue;
        const tf = p.tfs[i]!;
        if (scores[doc] === 0) touched.push(doc);
        scores[doc]! += (factor * tf) / (tf + this.norms[doc]!);
      }
    }
    // Keep the best k in a small sorted array: k is tiny next to the number of touched documents.
    const top: ScoredDoc[] = [];
    for (const doc of touched) {
      const score = scores[doc]!;
      if (score <= 0) continue;
      if (top.length === k && !better(score, doc, top[k - 1]!)) continue;
      let at = top.length;
      while (at > 0 && better(score, doc, top[at - 1]!)) at--;
      top.splice(at, 0, { doc, score });
      if (top.length > k) top.pop();
    }
    for (const doc of touched) scores[doc] = 0;
    return top;
  }
}

const better = (score: number, doc: number, than: ScoredDoc): boolean =>
  score > than.score || (score === than.score && doc < than.doc);
