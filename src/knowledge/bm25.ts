/**
 * Okapi BM25 over pre-tokenised documents, with an inverted index so a query touches only its
 * postings. Everything a search touches lives in typed arrays allocated once: a query at 10,000
 * clauses allocates a few hundred bytes, so it does not feed the garbage collector's pauses.
 */

export interface Bm25Options {
  k1?: number;
  b?: number;
}

export interface ScoredDoc {
  doc: number;
  score: number;
}

interface Postings {
  /** Ascending document numbers. */
  docs: Int32Array;
  tfs: Float32Array;
}

export class Bm25Index {
  private readonly postings = new Map<string, Postings>();
  /** k1 · (1 − b + b · |d| / avgdl), per document. */
  private readonly norms: Float64Array;
  /** Score accumulator reused across searches (zeroed after each). */
  private readonly scores: Float64Array;
  /** Documents with a non-zero score in the current search, first `touchedCount` entries. */
  private readonly touched: Int32Array;
  private readonly k1: number;
  readonly size: number;

  constructor(documents: ReadonlyArray<readonly string[]>, options: Bm25Options = {}) {
    this.k1 = options.k1 ?? 1.2;
    const b = options.b ?? 0.75;
    this.size = documents.length;
    const lengths = new Float64Array(documents.length);
    const building = new Map<string, { docs: number[]; tfs: number[] }>();
    let total = 0;
    documents.forEach((tokens, doc) => {
      lengths[doc] = tokens.length;
      total += tokens.length;
      const counts = new Map<string, number>();
      for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
      for (const [term, tf] of counts) {
        let p = building.get(term);
        if (!p) {
          p = { docs: [], tfs: [] };
          building.set(term, p);
        }
        p.docs.push(doc);
        p.tfs.push(tf);
      }
    });
    for (const [term, p] of building) {
      this.postings.set(term, { docs: Int32Array.from(p.docs), tfs: Float32Array.from(p.tfs) });
    }
    const avg = documents.length > 0 ? total / documents.length : 0;
    this.norms = lengths.map((l) => this.k1 * (1 - b + (b * l) / (avg || 1)));
    this.scores = new Float64Array(documents.length);
    this.touched = new Int32Array(documents.length);
  }

  has(term: string): boolean {
    return this.postings.has(term);
  }

  idf(term: string): number {
    const df = this.postings.get(term)?.docs.length ?? 0;
    return Math.log(1 + (this.size - df + 0.5) / (df + 0.5));
  }

  /** Whether `doc` contains `term` (binary search in the term's postings). */
  contains(term: string, doc: number): boolean {
    const docs = this.postings.get(term)?.docs;
    if (!docs) return false;
    let lo = 0;
    let hi = docs.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const d = docs[mid]!;
      if (d === doc) return true;
      if (d < doc) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }

  /** Top `k` documents for weighted query terms, best first; zero scores dropped. */
  search(terms: ReadonlyMap<string, number>, k: number): ScoredDoc[] {
    if (k <= 0) return [];
    const { scores, touched, norms } = this;
    let count = 0;
    for (const [term, weight] of terms) {
      const p = this.postings.get(term);
      if (!p || weight <= 0) continue;
      const factor = weight * this.idf(term) * (this.k1 + 1);
      const { docs, tfs } = p;
      for (let i = 0; i < docs.length; i++) {
        const doc = docs[i]!;
        const tf = tfs[i]!;
        if (scores[doc] === 0) touched[count++] = doc;
        scores[doc]! += (factor * tf) / (tf + norms[doc]!);
      }
    }
    // Keep the best k in a small sorted array: k is tiny next to the number of touched documents.
    const top: ScoredDoc[] = [];
    for (let i = 0; i < count; i++) {
      const doc = touched[i]!;
      const score = scores[doc]!;
      scores[doc] = 0;
      if (top.length === k && !better(score, doc, top[k - 1]!)) continue;
      let at = top.length;
      while (at > 0 && better(score, doc, top[at - 1]!)) at--;
      top.splice(at, 0, { doc, score });
      if (top.length > k) top.pop();
    }
    return top;
  }
}

const better = (score: number, doc: number, than: ScoredDoc): boolean =>
  score > than.score || (score === than.score && doc < than.doc);
