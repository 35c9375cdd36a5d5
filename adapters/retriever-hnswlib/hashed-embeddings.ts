/**
 * The default, offline embedding: feature hashing of character n-grams and jieba words into a fixed
 * number of dimensions (the "hashing trick"), sub-linear term counts, L2-normalised.
 *
 * Why: the product must run with no network and no model download, and a card site's questions are
 * short and full of domain terms. Character bi/tri-grams match across segmentation differences and
 * variant spellings (没到账 / 未到账, refunded / refund); jieba words carry the whole terms. It is
 * deterministic (same text, same vector, on every machine), costs microseconds per text, and needs
 * no training, so it embeds a query without any corpus statistics (weighting features by inverse
 * document frequency was tried and measured worse on the dev queries). It is lexical rather than
 * semantic: BM25 ranks exact terms, this side adds fuzzy overlap, and fusion gives it half BM25's
 * weight. Point EMBEDDINGS_URL at an OpenAI-compatible endpoint for a semantic model.
 */
import { Embeddings } from '@langchain/core/embeddings';
import { normalise } from '../../src/knowledge/normalise.js';
import type { Tokeniser } from '../../src/knowledge/tokenise.js';

export const DEFAULT_DIMENSIONS = 1024;

/** How much each kind of feature counts. */
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
  word: 1,
};

const HAN_RUN = /\p{Script=Han}+/gu;
const LATIN_WORD = /[\p{L}\p{N}]+/gu;

export class HashedNgramEmbeddings extends Embeddings {
  readonly id: string;

  constructor(
    private readonly tokeniser: Tokeniser,
    readonly dimensions = DEFAULT_DIMENSIONS,
    private readonly weights: FeatureWeights = DEFAULT_WEIGHTS,
  ) {
    super({});
    this.id = `hashed-ngrams-v1-${dimensions}`;
  }

  async embedDocuments(documents: string[]): Promise<number[][]> {
    return documents.map((d) => this.embed(d));
  }

  async embedQuery(document: string): Promise<number[]> {
    return this.embed(document);
  }

  /** Synchronous core, exported for benchmarks and tests. */
  embed(text: string): number[] {
    const vector = new Array<number>(this.dimensions).fill(0);
    for (const [feature, { weight, count }] of this.features(text)) {
      const h = fnv1a(feature);
      const sign = h & 0x80000000 ? -1 : 1;
      // Sub-linear: a term repeated ten times is not ten times the evidence.
      vector[h % this.dimensions]! += sign * weight * (1 + Math.log(count));
    }
    const length = Math.hypot(...vector);
    return length > 0 ? vector.map((v) => v / length) : vector;
  }

  private features(text: string): Map<string, { weight: number; count: number }> {
    const features = new Map<string, { weight: number; count: number }>();
    const w = this.weights;
    const add = (feature: string, weight: number) => {
      if (weight <= 0) return;
      const f = features.get(feature);
      if (f) f.count += 1;
      else features.set(feature, { weight, count: 1 });
    };
    const norm = normalise(text);
    for (const [run] of norm.matchAll(HAN_RUN)) {
      const chars = [...run];
      chars.forEach((ch, i) => {
        add(`1${ch}`, w.hanUnigram);
        if (i + 1 < chars.length) add(`2${ch}${chars[i + 1]}`, w.hanBigram);
        if (i + 2 < chars.length) add(`3${ch}${chars[i + 1]}${chars[i + 2]}`, w.hanTrigram);
      });
    }
    for (const [word] of norm.matchAll(LATIN_WORD)) {
      if (/\p{Script=Han}/u.test(word)) continue;
      const padded = `#${word}#`;
      for (let i = 0; i + 3 <= padded.length; i++) add(`t${padded.slice(i, i + 3)}`, w.latinTrigram);
    }
    for (const token of this.tokeniser.tokens(norm)) add(`w${token}`, w.word);
    return features;
  }
}

/** 32-bit FNV-1a over UTF-16 code units: fast, stable across platforms. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
