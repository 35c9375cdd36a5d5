/** The sandbox's business rules that are plain functions of time. */
import { randomInt } from 'node:crypto';

const DAY_MS = 24 * 60 * 60 * 1000;
/** The sandbox site is in China: dates in order numbers are China time (UTC+8, no DST). */
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

/** RP-12: review within 3 working days (Saturdays and Sundays do not count). */
export function slaDueAt(createdAt: Date, workingDays = 3): Date {
  const due = new Date(createdAt.getTime());
  let left = workingDays;
  while (left > 0) {
    due.setTime(due.getTime() + DAY_MS);
    const weekday = new Date(due.getTime() + CHINA_OFFSET_MS).getUTCDay();
    if (weekday !== 0 && weekday !== 6) left--;
  }
  return due;
}

/** RP-15: an appeal is possible for 7 days after the rejection. */
export const APPEAL_WINDOW_MS = 7 * DAY_MS;

export function withinAppealWindow(decidedAt: string, now: Date): boolean {
  return now.getTime() - Date.parse(decidedAt) <= APPEAL_WINDOW_MS;
}

/** `KM` + yyyymmdd (China time) + 6 digits, e.g. KM20261118004217. */
export function newOrderNo(now: Date, digits: () => number = () => randomInt(0, 1_000_000)): string {
  const date = new Date(now.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10).replaceAll('-', '');
  return `KM${date}${String(digits()).padStart(6, '0')}`;
}

export const ORDER_NO_PATTERN = /^KM\d{8}\d{6}$/;
