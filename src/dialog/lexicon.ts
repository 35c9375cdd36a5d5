/** Matching buyer words against the word lists of rules.yaml (a fallback for buyers who type instead of tap). */
const LATIN = /^[\x20-\x7e]+$/;

export function mentions(text: string, words: readonly string[]): boolean {
  const lower = text.toLowerCase();
  return words.some((word) => {
    const w = word.toLowerCase();
    if (!LATIN.test(w)) return lower.includes(w);
    return new RegExp(`(^|[^a-z])${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^a-z])`).test(lower);
  });
}

const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/;
/** Mainland mobile numbers, possibly masked as shown on order pages (138****2046), or other phone numbers. */
const PHONE = /(?:\+?86[\s-]?)?1\d{2}[\d*]{4}\d{4}|\+?\d[\d\s-]{6,18}\d/;

/** The email or phone number in a reply, if any. */
export function extractContact(text: string): string | null {
  const email = EMAIL.exec(text);
  if (email) return email[0];
  const phone = PHONE.exec(text);
  return phone ? phone[0].replace(/[\s-]/g, '') : null;
}

/** Parses a button payload (`/scenario defective`) into a command name and argument. */
export function parseCommand(text: string): { name: string; arg: string } | null {
  const m = /^\/([a-z_]+)(?:\s+(.*))?$/i.exec(text.trim());
  return m ? { name: (m[1] ?? '').toLowerCase(), arg: (m[2] ?? '').trim() } : null;
}
