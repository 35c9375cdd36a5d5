/** Which language the buyer writes in, when a message says enough to tell (order numbers and emails don't). */
import type { Lang } from '../core/domain.js';

const HAN = /\p{Script=Han}/u;

export function languageOf(text: string): Lang | null {
  const words = text
    .replace(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, ' ')
    .replace(/\bKM[\s-]*\d[\d\s-]*\b/gi, ' ')
    .replace(/\/\w+/g, ' ');
  if (HAN.test(words)) return 'zh';
  const latin = words.match(/[A-Za-z]{2,}/g) ?? [];
  return latin.length >= 2 ? 'en' : null;
}

export function isLang(value: string): value is Lang {
  return value === 'zh' || value === 'en';
}
