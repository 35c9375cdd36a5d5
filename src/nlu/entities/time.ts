/**
 * Relative times, resolved against `now`: "昨晚" → yesterday evening, "3天了" / "two hours ago" →
 * now minus the duration, "前天" → a date. Values are ISO-8601: a date for day-level words, a
 * UTC timestamp otherwise. Day parts are read in the buyer's time zone (UTC+8 by default).
 */
import { CHINESE_NUMERAL, CHINESE_NUMERAL_CHAR, ENGLISH_QUANTITY, parseQuantity } from './numbers.js';
import type { Span } from './order-number.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Longer ago than this is not a relative time a buyer means (and would overflow dates). */
const MAX_AGO = 5 * 365 * DAY;

const ZH_UNITS: Record<string, number> = {
  秒: 1000,
  分钟: MINUTE,
  分: MINUTE,
  小时: HOUR,
  钟头: HOUR,
  钟: HOUR,
  天: DAY,
  日: DAY,
  晚: DAY,
  周: 7 * DAY,
  星期: 7 * DAY,
  礼拜: 7 * DAY,
  月: 30 * DAY,
};
const EN_UNITS: Record<string, number> = {
  second: 1000,
  minute: MINUTE,
  min: MINUTE,
  hour: HOUR,
  hr: HOUR,
  day: DAY,
  week: 7 * DAY,
  month: 30 * DAY,
};

// Linear on any input: a number starts only where no digit or numeral precedes it (no retry inside a
// long run), and gaps are a few spaces at most (no backtracking over long blanks).
const ZH_DURATION = new RegExp(
  `(?:(等了|过了|已经|快|都|有|差不多|将近)\\s{0,3})?(?<![0-9.]|${CHINESE_NUMERAL_CHAR})(\\d{1,4}(?:\\.\\d{1,4})?|${CHINESE_NUMERAL}|半)\\s{0,3}(?:个|多)?\\s{0,3}(半)?\\s{0,3}(分钟|小时|钟头|钟|天|日|晚|周|星期|礼拜|月|秒)(多)?\\s{0,3}(之前|以前|前|了|多了)?`,
  'gu',
);
const EN_DURATION = new RegExp(
  `(?<![a-z0-9.])(${ENGLISH_QUANTITY})\\s{0,3}(second|minute|min|hour|hr|day|week|month)s?\\s{0,3}(ago|now|already)?`,
  'gu',
);
const EN_FOR = /(?<![a-z])(?:for|waited|waiting)\s+(?:over\s+|more than\s+)?$/;

/** Day-level words: offset in days and an optional hour of the day (buyer's local time). */
const NAMED: [RegExp, number, number | undefined][] = [
  [/昨天?晚上|昨晚|昨夜|last night/gu, -1, 21],
  [/昨天?(?:早上|上午|早晨)|yesterday morning/gu, -1, 9],
  [/昨天?(?:下午|中午)|yesterday afternoon/gu, -1, 15],
  [/大前天/gu, -3, undefined],
  [/前天|the day before yesterday/gu, -2, undefined],
  [/昨天|昨日|yesterday/gu, -1, undefined],
  [/今天?(?:早上|上午|早晨)|今早|this morning/gu, 0, 9],
  [/今天?(?:下午|中午)|this afternoon/gu, 0, 15],
  [/今晚|今天晚上|tonight|this evening/gu, 0, 20],
  [/今天|today/gu, 0, undefined],
  [/刚才|刚刚|just now/gu, 0, -1],
  [/上周|上个?星期|上个?礼拜|last week/gu, -7, undefined],
  [/上个月|last month/gu, -30, undefined],
];

export interface TimeOptions {
  now: Date;
  /** Buyer's offset from UTC in minutes (480 = UTC+8). */
  utcOffsetMinutes: number;
}

export function findTimes(folded: string, options: TimeOptions): Span[] {
  const spans: Span[] = [];
  const add = (start: number, end: number, value: string) => {
    if (!spans.some((s) => s.start < end && start < s.end)) spans.push({ value, start, end });
  };
  const now = options.now.getTime();
  for (const [regex, days, hour] of NAMED) {
    for (const m of folded.matchAll(regex)) {
      const start = m.index ?? 0;
      add(start, start + m[0].length, resolveDay(now, days, hour, options.utcOffsetMinutes));
    }
  }
  for (const m of folded.matchAll(ZH_DURATION)) {
    const [, lead, qty, half, unit, more, tail] = m;
    if (!lead && !tail && !more) continue;
    const amount = parseQuantity(qty!);
    if (amount === undefined) continue;
    const ms = (amount + (half ? 0.5 : 0)) * ZH_UNITS[unit!]!;
    if (!(ms <= MAX_AGO)) continue;
    const start = (m.index ?? 0) + (lead ? m[0].indexOf(qty!) : 0);
    add(start, (m.index ?? 0) + m[0].length, new Date(now - ms).toISOString());
  }
  for (const m of folded.matchAll(EN_DURATION)) {
    const [, qty, unit, tail] = m;
    const start = m.index ?? 0;
    if (!tail && !EN_FOR.test(folded.slice(Math.max(0, start - 30), start))) continue;
    const amount = parseQuantity(qty!);
    const ms = amount === undefined ? Number.NaN : amount * EN_UNITS[unit!]!;
    if (!(ms <= MAX_AGO)) continue;
    add(start, start + m[0].length, new Date(now - ms).toISOString());
  }
  return spans.sort((a, b) => a.start - b.start);
}

function resolveDay(now: number, days: number, hour: number | undefined, offsetMinutes: number): string {
  if (hour === -1) return new Date(now).toISOString();
  const local = new Date(now + offsetMinutes * MINUTE + days * DAY);
  const date = local.toISOString().slice(0, 10);
  if (hour === undefined) return date;
  return new Date(Date.parse(`${date}T${String(hour).padStart(2, '0')}:00:00Z`) - offsetMinutes * MINUTE).toISOString();
}
