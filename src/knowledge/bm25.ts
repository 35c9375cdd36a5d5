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
  private readonly avgLength: number;
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
    const scores = new Map<number, number>();
    for (const [term, weight] of terms) {
      const p = this.postings.get(term);
      if (!p) continue;
      const idf = this.idf(term);
      for (let i = 0; i < p.docs.length; i++) {
        const doc = p.docs[i]!;
        if (allow && !allow(doc)) continue;
        const tf = p.tfs[i]!;
        const norm = this.k1 * (1 - this.b + (this.b * this.lengths[doc]!) / (this.avgLength || 1));
        const s = (weight * idf * (tf * (this.k1 + 1))) / (tf + norm);
        scores.set(doc, (scores.get(doc) ?? 0) + s);
      }
    }
    return [...scores]
      .filter(([, s]) => s > 0)
      .map(([doc, score]) => ({ doc, score }))
      .sort((x, y) => y.score - x.score || x.doc - y.doc)
      .slice(0, Math.max(0, k));
  }
}
