/**
 * Synonym lexicons (payment channels, product kinds): longest synonym first, Latin-script
 * synonyms only as whole words ("wx" but not inside "wxyz").
 */
import type { Span } from './order-number.js';

const ESCAPE = /[.*+?^${}()|[\]\\]/g;
const LATIN_EDGE = /^[a-z0-9]|[a-z0-9]$/;

export class LexiconFinder<V extends string> {
  private readonly regex: RegExp | undefined;
  private readonly valueOf = new Map<string, V>();

  /** `values`: canonical value → synonyms; `fold` puts synonyms in the same form as the text. */
  constructor(values: Partial<Record<V, readonly string[]>>, fold: (s: string) => string) {
    for (const [value, synonyms] of Object.entries(values) as [V, readonly string[]][]) {
      for (const synonym of synonyms) {
        const key = fold(synonym);
        if (key.length > 0 && !this.valueOf.has(key)) this.valueOf.set(key, value);
      }
    }
    const alternatives = [...this.valueOf.keys()]
      .sort((a, b) => b.length - a.length || a.localeCompare(b))
      .map((key) => {
        const escaped = key.replace(ESCAPE, '\\$&');
        return LATIN_EDGE.test(key) ? `(?<![a-z0-9])${escaped}(?![a-z0-9])` : escaped;
      });
    this.regex = alternatives.length > 0 ? new RegExp(alternatives.join('|'), 'gu') : undefined;
  }

  find(folded: string): (Span & { value: V })[] {
    if (!this.regex) return [];
    return Array.from(folded.matchAll(this.regex), (m) => {
      const start = m.index ?? 0;
      return { value: this.valueOf.get(m[0])!, start, end: start + m[0].length };
    });
  }
}
