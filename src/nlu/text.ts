/**
 * Text normalisation that comes before everything else: make the string well-formed, drop
 * control characters, fold full-width forms (NFKC) and Traditional → Simplified (OpenCC),
 * keeping a map back to the buyer's original offsets for entities.
 */
import { Converter } from 'opencc-js';
import type { Lang } from '../core/domain.js';

const toSimplified = Converter({ from: 'twp', to: 'cn' });

/** Longest text the classifier looks at; entities still scan the whole (bounded) input. */
export const MAX_INPUT_CHARS = 20_000;

export interface NormalText {
  /** The buyer's text, well-formed (lone surrogates replaced), at most MAX_INPUT_CHARS. */
  original: string;
  /** NFKC-folded, Simplified, lower-case; same length as `offsets`. */
  folded: string;
  /** offsets[i] is the index in `original` of the character that produced folded[i]. */
  offsets: number[];
  lang: Lang;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/;

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** The folded form of a short string (lexicon entries, synonyms): NFKC, lower case, Simplified. */
export function fold(text: string): string {
  return toSimplified(text.normalize('NFKC').toLowerCase());
}

export function normaliseText(input: string): NormalText {
  const original = input.slice(0, MAX_INPUT_CHARS).replace(LONE_SURROGATE, '\ufffd');
  let nfkc = '';
  const offsets: number[] = [];
  let i = 0;
  for (const ch of original) {
    const piece = CONTROL.test(ch) ? ' ' : ch.normalize('NFKC').toLowerCase();
    nfkc += piece;
    for (let k = 0; k < piece.length; k++) offsets.push(i);
    i += ch.length;
  }
  const simplified = toSimplified(nfkc);
  // OpenCC phrase rules almost always keep the length; when they do not, keep the folded text.
  const folded = simplified.length === nfkc.length ? simplified : nfkc;
  return { original, folded, offsets, lang: detectLang(folded) };
}

const HAN = /\p{Script=Han}/gu;
const LATIN = /[a-z]/g;

/** zh when the text has Chinese characters in any real share, en when it is Latin script only. */
export function detectLang(text: string): Lang {
  const han = text.match(HAN)?.length ?? 0;
  const latin = text.match(LATIN)?.length ?? 0;
  if (han === 0) return latin > 0 ? 'en' : 'zh';
  return han * 6 >= latin || han >= 4 ? 'zh' : 'en';
}

/** Map a [start, end) span of `folded` back to the original text. */
export function originalSpan(text: NormalText, start: number, end: number): { start: number; end: number } {
  const s = text.offsets[start] ?? text.original.length;
  const lastIndex = text.offsets[end - 1];
  if (lastIndex === undefined) return { start: s, end: s };
  const cp = text.original.codePointAt(lastIndex) ?? 0;
  return { start: s, end: lastIndex + (cp > 0xffff ? 2 : 1) };
}
