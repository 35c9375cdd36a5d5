/**
 * Tokenisation for BM25 and the offline embedding: Chinese runs through jieba (search mode, with
 * the domain dictionary from the lexicon), Latin text as lower-case words with a light stemmer.
 */
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import type { Lexicon } from './lexicon.js';
import { normalise } from './normalise.js';

/** Longest query we look at; the rest of a pasted essay adds nothing to retrieval. */
export const MAX_QUERY_CHARS = 2000;

const ZH_STOP = new Set(
  '的 了 吗 呢 吧 啊 呀 哦 嘛 么 着 过 和 与 及 或 之 其 这 那 个 我 你 您 他 她 它 们 是 在 也 都 就 还 又 把 被 让 给 对 请 问 一下 怎么 怎么办 什么 为什么 如何 能 能不能 可以 可不可以 吗 啊'.split(
    ' ',
  ),
);
const EN_STOP = new Set(
  'a an the and or of to in on at for by with from is are was were be been being it its this that these those i me my you your we our they them he she his her do does did can could would should will shall may might must have has had not no if then so as but about how what when where which who why there here any some all just get got into out up don doesn didn can won isn aren wasn weren haven hasn'.split(
    ' ',
  ),
);

// Han runs go to jieba; other letters and digits form words. A word stops where Han starts
// (USDT付的 → usdt + 付的): \p{L} alone would glue them, Han characters being letters too.
const RUN = /(\p{Script=Han}+)|((?:(?!\p{Script=Han})[\p{L}\p{N}])+(?:['’-](?:(?!\p{Script=Han})[\p{L}\p{N}])+)*)/gu;

/** A deliberately small suffix stripper: the same on both sides, so "refunds"/"refunded" meet "refund". */
export function stem(word: string): string {
  let w = word.replace(/['’]s$/, '');
  if (w.length <= 3 || /\d/.test(w)) return w;
  if (w.endsWith('ies') && w.length > 4) return `${w.slice(0, -3)}y`;
  if (w.endsWith('sses')) return w.slice(0, -2);
  if (w.endsWith('ing') && w.length > 5) w = w.slice(0, -3);
  else if (w.endsWith('ed') && w.length > 4) w = w.slice(0, -2);
  else if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us')) w = w.slice(0, -1);
  if (/([b-df-hj-np-tv-z])\1$/.test(w) && !/(ll|ss|zz)$/.test(w)) w = w.slice(0, -1);
  if (w.endsWith('e') && w.length > 4) w = w.slice(0, -1);
  return w;
}

export interface QueryTerms {
  /** term → weight; expansions from synonym groups carry a lower weight than the buyer's own words. */
  terms: Map<string, number>;
  lang: 'zh' | 'en';
}

export class Tokeniser {
  private readonly jieba: Jieba;
  private readonly groups: Array<{ members: string[]; tokens: string[] }>;

  constructor(
    lexicon: Lexicon,
    private readonly options: { expansionWeight?: number } = {},
  ) {
    this.jieba = Jieba.withDict(dict);
    const domainWords = [...lexicon.words, ...lexicon.synonyms.flat()].filter((w) => /\p{Script=Han}/u.test(w));
    if (domainWords.length > 0) {
      // High frequency so a domain word stays whole (卡密, not 卡 + 密); search mode still emits its parts.
      this.jieba.loadDict(Buffer.from(domainWords.map((w) => `${normalise(w)} 200000 n`).join('\n')));
    }
    this.groups = lexicon.synonyms.map((group) => {
      const members = group.map((m) => normalise(m));
      return { members, tokens: [...new Set(members.flatMap((m) => this.tokens(m)))] };
    });
  }

  /** Index terms of a text (normalised here), in order, repeats kept. */
  tokens(text: string): readonly string[] {
    return this.tokensOfNormalised(normalise(text));
  }

  /**
   * As tokens(), for text already passed through normalise(). The last result is kept: a search
   * tokenises its query for BM25 and again inside the offline embedding, and jieba is the larger
   * part of both.
   */
  tokensOfNormalised(text: string): readonly string[] {
    if (text === this.last.text) return this.last.tokens;
    const tokens = this.cut(text);
    this.last = { text, tokens };
    return tokens;
  }

  private last: { text: string; tokens: readonly string[] } = { text: '', tokens: [] };

  private cut(text: string): string[] {
    const out: string[] = [];
    for (const match of text.matchAll(RUN)) {
      const [, han, word] = match;
      if (han) {
        for (const piece of this.jieba.cutForSearch(han, true)) if (!ZH_STOP.has(piece)) out.push(piece);
      } else if (word) {
        for (const piece of word.split('-')) {
          // Seller's → seller; doesn't → doesn (a stop word).
          const part = piece.replace(/['’].*$/, '');
          if (part && !EN_STOP.has(part)) out.push(stem(part));
        }
      }
    }
    return out;
  }

  /** Weighted query terms: the buyer's words (1.0) plus synonyms of any lexicon term the query contains. */
  query(text: string): QueryTerms {
    const clipped = normalise(text.slice(0, MAX_QUERY_CHARS));
    const terms = new Map<string, number>();
    for (const t of withPairs(this.tokensOfNormalised(clipped))) terms.set(t, 1);
    const weight = this.options.expansionWeight ?? 0.35;
    for (const group of this.groups) {
      if (!group.members.some((m) => containsTerm(clipped, m))) continue;
      for (const t of group.tokens) if (!terms.has(t)) terms.set(t, weight);
    }
    return { terms, lang: /\p{Script=Han}/u.test(clipped) ? 'zh' : 'en' };
  }
}

/**
 * The tokens plus each pair of neighbouring Chinese tokens (退款 成功 → 退款_成功), on both the
 * clause and the query side: jieba cuts a buyer's phrase into words that also occur apart all over
 * the rules, and the pair restores the phrase (the ordered pairs of Metzler & Croft's sequential
 * dependence model, as BM25 terms). English words are whole already, and pairs across the stop
 * words removed between them mostly add noise.
 */
export function withPairs(tokens: readonly string[]): string[] {
  const out = [...tokens];
  for (let i = 0; i + 1 < tokens.length; i++) {
    const [a, b] = [tokens[i]!, tokens[i + 1]!];
    if (HAN.test(a) && HAN.test(b)) out.push(`${a}_${b}`);
  }
  return out;
}

const HAN = /\p{Script=Han}/u;

/** Substring for Chinese; whole words for Latin terms ("key" must not match "keyboard"). */
function containsTerm(haystack: string, term: string): boolean {
  if (/\p{Script=Han}/u.test(term)) return haystack.includes(term);
  let from = 0;
  for (;;) {
    const at = haystack.indexOf(term, from);
    if (at < 0) return false;
    const before = haystack[at - 1];
    const after = haystack[at + term.length];
    if (!isWordChar(before) && !isWordChar(after)) return true;
    from = at + 1;
  }
}

const isWordChar = (ch: string | undefined): boolean => ch !== undefined && /[\p{L}\p{N}]/u.test(ch);
