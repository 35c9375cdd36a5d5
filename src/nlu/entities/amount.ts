/** Money amounts: a number with a currency word or sign ("50块", "¥88.5", "USD 20", "五十元"). */
import type { NluFile } from '../../definition/nlu.js';
import { CHINESE_NUMERAL, CHINESE_NUMERAL_CHAR, parseChineseNumber } from './numbers.js';
import type { Span } from './order-number.js';

const ESCAPE = /[.*+?^${}()|[\]\\]/g;
const NUMBER = `\\d{1,12}(?:[.,]\\d{1,2})?|${CHINESE_NUMERAL}`;

export class AmountFinder {
  private readonly after: RegExp;
  private readonly before: RegExp;

  constructor(config: NluFile['entities']['amount'], fold: (s: string) => string) {
    const words = Object.values(config.currencies)
      .flat()
      .map(fold)
      .sort((a, b) => b.length - a.length);
    const alternation = (list: string[]) =>
      list
        .map((w) => (/[a-z]$/.test(w) ? `${w.replace(ESCAPE, '\\$&')}(?![a-z])` : w.replace(ESCAPE, '\\$&')))
        .join('|');
    const prefixes = words.filter((w) => /^[a-z]+$/.test(w) || !/\p{L}/u.test(w));
    // A number starts only where no digit or numeral precedes it, so long runs are not retried at every position.
    this.after = new RegExp(
      `(?<![a-z0-9.]|${CHINESE_NUMERAL_CHAR})(${NUMBER})\\s{0,3}(?:${alternation(words)})(?!宝)`,
      'gu',
    );
    this.before = new RegExp(`(?:${alternation(prefixes)})\\s{0,3}(\\d{1,12}(?:[.,]\\d{1,2})?)(?![0-9])`, 'gu');
  }

  find(folded: string): Span[] {
    const spans: Span[] = [];
    for (const regex of [this.after, this.before]) {
      for (const m of folded.matchAll(regex)) {
        const value = decimal(m[1]!);
        const start = m.index ?? 0;
        const end = start + m[0].length;
        if (value !== undefined && !spans.some((s) => s.start < end && start < s.end))
          spans.push({ value, start, end });
      }
    }
    return spans.sort((a, b) => a.start - b.start);
  }
}

function decimal(raw: string): string | undefined {
  const n = /^\d/.test(raw) ? Number(raw.replace(',', '.')) : parseChineseNumber(raw);
  if (n === undefined || !Number.isFinite(n) || n <= 0 || n > 1e9) return undefined;
  return String(Math.round(n * 100) / 100);
}
