/** Chinese numerals as buyers type them: 三, 十五, 两百, 一千二, 五十块. */
const DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
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
const UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000, 万: 10000 };

export const CHINESE_NUMERAL_CHAR = '[零〇一二两三四五六七八九十百千万]';
/** At most 12 numeral characters: longer runs are no quantity anyone writes (and bound the matcher's work). */
export const CHINESE_NUMERAL = `${CHINESE_NUMERAL_CHAR}{1,12}`;

export function parseChineseNumber(text: string): number | undefined {
  let total = 0;
  let section = 0;
  let digit: number | undefined;
  for (const ch of text) {
    if (ch in DIGITS) {
      digit = DIGITS[ch]!;
      continue;
    }
    const unit = UNITS[ch];
    if (unit === undefined) return undefined;
    if (unit === 10000) {
      total += (section + (digit ?? 0)) * unit;
      section = 0;
    } else {
      section += (digit ?? 1) * unit;
    }
    digit = undefined;
  }
  const result = total + section + (digit ?? 0);
  return Number.isFinite(result) ? result : undefined;
}

/** "15", "十五", "两", "半" (0.5), "a"/"an" (1), "two" … */
export function parseQuantity(text: string): number | undefined {
  const lower = text.toLowerCase();
  if (/^\d+(?:\.\d+)?$/.test(lower)) return Number(lower);
  if (lower === '半') return 0.5;
  if (lower in ENGLISH) return ENGLISH[lower];
  return parseChineseNumber(lower);
}

const ENGLISH: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  twelve: 12,
  'a couple of': 2,
  'a few': 3,
  few: 3,
  several: 3,
};

export const ENGLISH_QUANTITY =
  '\\d{1,6}(?:\\.\\d{1,4})?|a couple of|a few|several|an?|one|two|three|four|five|six|seven|eight|nine|ten|twelve';
