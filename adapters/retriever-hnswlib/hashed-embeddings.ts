/**
 * The default, offline embedding: feature hashing of character n-grams and jieba words into a fixed
 * number of dimensions (the "hashing trick"), sub-linear term counts, L2-normalised.
 *
 * Why: the product must run with no network and no model download, and a card site's questions are
 * short and full of domain terms. Character bi/tri-grams match across segmentation differences and
 * variant spellings (没到账 / 未到账, refunded / refund); jieba words carry the whole terms. It is
 * deterministic (same text, same vector, on every machine), costs well under a millisecond per
 * text, and needs no training, so it embeds a query without corpus statistics (weighting features
 * by inverse document frequency was tried and measured worse on the dev queries). It is lexical
 * rather than semantic: BM25 ranks exact terms, this side adds fuzzy overlap, and fusion gives it
 * half BM25's weight. Point EMBEDDINGS_URL at an OpenAI-compatible endpoint for a semantic model.
 */
import { Embeddings } from '@langchain/core/embeddings';
import { normalise } from '../../src/knowledge/normalise.js';
import type { Tokeniser } from '../../src/knowledge/tokenise.js';

export const DEFAULT_DIMENSIONS = 512;

/** How much each kind of feature counts: whole words most, n-grams as the fuzzy fallback. */
export interface FeatureWeights {
  hanUnigram: number;
  hanBigram: number;
  hanTrigram: number;
  latinTrigram: number;
  word: number;
}

export const DEFAULT_WEIGHTS: FeatureWeights = {
  hanUnigram: 0.3,
  hanBigram: 1,
  hanTrigram: 0.6,
  latinTrigram: 0.2,
  word: 2,
};

// Feature kinds, mixed into the hash so that the bigram 退款 and the word 退款 are different features.
const KIND = { unigram: 1, bigram: 2, trigram: 3, latin: 4, word: 5 } as const;
const HAN_RUN = /\p{Script=Han}+/gu;
// Letters and digits other than Han (those are in HAN_RUN): USDT付的 → usdt.
const LATIN_WORD = /(?:(?!\p{Script=Han})[\p{L}\p{N}])+/gu;

export class HashedNgramEmbeddings extends Embeddings {
  readonly id: string;
  // Scratch space reused by every (synchronous) embed() call.
  private readonly buffer: Float64Array;

  constructor(
    private readonly tokeniser: Tokeniser,
    readonly dimensions = DEFAULT_DIMENSIONS,
    private readonly weights: FeatureWeights = DEFAULT_WEIGHTS,
  ) {
    super({});
    this.id = `hashed-ngrams-v3-${dimensions}`;
    this.buffer = new Float64Array(dimensions);
  }

  async embedDocuments(documents: string[]): Promise<number[][]> {
    return documents.map((d) => this.embed(d));
  }

  async embedQuery(document: string): Promise<number[]> {
    return this.embed(document);
  }

  /** Synchronous core, exported for benchmarks and tests. */
  embed(text: string): number[] {
    const vector = this.buffer;
    vector.fill(0);
    for (const [key, value] of this.features(text)) {
      const sign = key & 1 ? -1 : 1;
      vector[(key >>> 1) % this.dimensions]! += sign * value;
    }
    let sum = 0;
    for (const v of vector) sum += v * v;
    const length = Math.sqrt(sum);
    return Array.from(vector, (v) => (length > 0 ? v / length : 0));
  }

  /** Hashed feature → weight · (1 + ln count), before folding into the dimensions. */
  features(text: string): Map<number, number> {
    // Fresh maps, not long-lived ones cleared: clear() on a map that lives in the old generation
    // puts its new tables there too (8-40 KB a query), and the major collections this causes were
    // the query latency's p99 (issue 3).
    const counts = new Map<number, number>();
    const weightOf = new Map<number, number>();
    const add = (hash: number, weight: number) => {
      if (weight <= 0) return;
      // 30 bits: small integers are stored unboxed, which keeps these maps fast.
      const key = hash >>> 2;
      const c = counts.get(key);
      if (c === undefined) {
        counts.set(key, 1);
        weightOf.set(key, weight);
      } else counts.set(key, c + 1);
    };
    const w = this.weights;
    const norm = normalise(text);

    for (const [run] of norm.matchAll(HAN_RUN)) {
      // Han characters of the CJK blocks are single UTF-16 units; rarer ones are surrogate pairs,
      // hashed unit by unit, which is still deterministic.
      for (let i = 0; i < run.length; i++) {
        const a = run.charCodeAt(i);
        add(mix(mix(BASIS, KIND.unigram), a), w.hanUnigram);
        if (i + 1 < run.length) add(mix(mix(mix(BASIS, KIND.bigram), a), run.charCodeAt(i + 1)), w.hanBigram);
        if (i + 2 < run.length)
          add(mix(mix(mix(mix(BASIS, KIND.trigram), a), run.charCodeAt(i + 1)), run.charCodeAt(i + 2)), w.hanTrigram);
      }
    }
    for (const [word] of norm.matchAll(LATIN_WORD)) {
      const padded = `#${word}#`;
      for (let i = 0; i + 3 <= padded.length; i++) add(hashString(KIND.latin, padded, i, i + 3), w.latinTrigram);
    }
    for (const token of this.tokeniser.tokensOfNormalised(norm)) add(hashString(KIND.word, token), w.word);
    // Sub-linear: a term repeated ten times is not ten times the evidence.
    for (const [key, count] of counts) counts.set(key, weightOf.get(key)! * (1 + Math.log(count)));
    return counts;
  }
}

// 32-bit FNV-1a over UTF-16 code units: fast, stable across platforms.
const BASIS = 0x811c9dc5;
const mix = (h: number, unit: number): number => Math.imul(h ^ unit, 0x01000193) >>> 0;

function hashString(kind: number, text: string, from = 0, to = text.length): number {
  let h = mix(BASIS, kind);
  for (let i = from; i < to; i++) h = mix(h, text.charCodeAt(i));
  return h;
}
