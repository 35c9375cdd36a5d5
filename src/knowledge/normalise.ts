/** Text normalisation shared by indexing and queries: one form for width, case and script. */
import * as OpenCC from 'opencc-js';

// Traditional → Simplified: Taiwan with phrases (軟體 → 软件, 網路 → 网络), then Hong Kong forms.
const fromTaiwan = OpenCC.Converter({ from: 'twp', to: 'cn' });
const fromHongKong = OpenCC.Converter({ from: 'hk', to: 'cn' });

/**
 * Variants OpenCC leaves alone because both forms are valid Simplified, but buyers write either
 * (帐 vs 账: 到帐, 帐号); folding them keeps one term per concept.
 */
const VARIANTS: ReadonlyArray<readonly [RegExp, string]> = [
  [/帐/g, '账'],
  [/週/g, '周'],
  [/储值/g, '充值'],
];

const HAN = /\p{Script=Han}/u;

export function hasHan(text: string): boolean {
  return HAN.test(text);
}

/**
 * The characters OpenCC would change, found once by converting the CJK blocks character by
 * character: text without any of them (most Simplified text) skips the costly phrase conversion.
 */
let traditional: RegExp | undefined;
function traditionalPattern(): RegExp {
  if (traditional) return traditional;
  const chars: string[] = [];
  for (let c = 0x3400; c <= 0x9fff; c++) chars.push(String.fromCharCode(c));
  const converted = fromHongKong(fromTaiwan(chars.join('\n'))).split('\n');
  // If a conversion ever changed the line count, the alignment is lost: convert all Han text then.
  const changed = chars.filter((ch, i) => converted[i] !== ch);
  traditional = converted.length === chars.length ? new RegExp(`[${changed.join('')}]`) : /[\u3400-\u9fff]/;
  return traditional;
}

/** Article numbers of laws and rules in Chinese numerals (第二十四条), to be written in digits (第24条). */
const ARTICLE = /第([〇零一二两三四五六七八九十百]{1,8})(条|款|章|项)/g;
const DIGIT: Readonly<Record<string, number>> = {
  〇: 0,
  零: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** 二十四 → 24, 十 → 10, 一百零五 → 105; null for what is not a number below 1000. */
export function chineseNumber(text: string): number | null {
  let total = 0;
  let digit: number | null = null;
  for (const ch of text) {
    if (ch === '百' || ch === '十') {
      const unit = ch === '百' ? 100 : 10;
      total += (digit ?? 1) * unit;
      digit = null;
    } else if (ch === '零' || ch === '〇') {
      if (digit !== null) return null; // 一百零五: a zero only holds a place
    } else if (ch in DIGIT) {
      if (digit !== null) return null; // two digits in a row: 二四 is not a number we read
      digit = DIGIT[ch]!;
    } else return null;
  }
  return total + (digit ?? 0);
}

/** NFKC (full-width → ASCII), lower case, Traditional → Simplified, variant folding, article numbers in digits. */
export function normalise(text: string): string {
  // A search normalises its query for BM25 and again inside the offline embedding.
  if (text === last.text) return last.normalised;
  const normalised = normaliseUncached(text);
  last = { text, normalised };
  return normalised;
}

let last = { text: '', normalised: '' };

function normaliseUncached(text: string): string {
  let out = text.normalize('NFKC').toLowerCase();
  if (hasHan(out)) {
    if (traditionalPattern().test(out)) out = fromHongKong(fromTaiwan(out));
    for (const [pattern, replacement] of VARIANTS) out = out.replace(pattern, replacement);
    out = out.replace(ARTICLE, (whole, digits: string, unit: string) => {
      const n = chineseNumber(digits);
      return n === null ? whole : `第${n}${unit}`;
    });
  }
  return out;
}
