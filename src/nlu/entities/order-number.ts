/**
 * Order numbers, found by the configured pattern after normalisation: buyers write them in any
 * case, full-width, split by spaces or dashes ("km 20261118-004217"). Only whole alphanumeric
 * tokens count, so a transaction id, a phone number, a ticket number (TK…) or a card tail
 * (尾号4217) never becomes an order number unless it matches the pattern itself.
 */
import type { NluFile } from '../../definition/nlu.js';

export type OrderNoConfig = NluFile['entities']['order_no'];

export interface Span {
  value: string;
  start: number;
  end: number;
}

interface Token {
  text: string;
  start: number;
  end: number;
}

const ALNUM = /[a-z0-9]+/g;
const MAX_TOKENS = 6;
const MAX_GAP = 3;
const CUE_TAIL = /[\s:：#=＃]*$/;

export class OrderNumberFinder {
  private readonly pattern: RegExp;
  private readonly separators: Set<string>;
  private readonly cues: string[];

  constructor(private readonly config: OrderNoConfig) {
    this.pattern = new RegExp(`^(?:${config.pattern})$`, 'u');
    this.separators = new Set(config.separators);
    this.cues = config.cues.map((c) => c.toLowerCase()).sort((a, b) => b.length - a.length);
  }

  /** Order numbers in folded (NFKC, lower-case) text, with spans in that text. */
  find(folded: string): Span[] {
    const tokens = Array.from(folded.matchAll(ALNUM), (m): Token => {
      const start = m.index ?? 0;
      return { text: m[0], start, end: start + m[0].length };
    });
    const spans: Span[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const match = this.matchFrom(folded, tokens, i);
      if (!match) continue;
      spans.push(match.span);
      i = match.last;
    }
    return spans;
  }

  private matchFrom(folded: string, tokens: Token[], first: number): { span: Span; last: number } | undefined {
    let joined = '';
    let best: { span: Span; last: number } | undefined;
    for (let j = first; j < Math.min(tokens.length, first + MAX_TOKENS); j++) {
      if (j > first && !this.isSeparatorGap(folded.slice(tokens[j - 1]!.end, tokens[j]!.start))) break;
      joined += tokens[j]!.text;
      const value = this.canonical(joined, folded, tokens[first]!.start);
      if (value) best = { span: { value, start: tokens[first]!.start, end: tokens[j]!.end }, last: j };
    }
    return best;
  }

  private canonical(joined: string, folded: string, start: number): string | undefined {
    const upper = joined.toUpperCase();
    if (this.pattern.test(upper)) return upper;
    const bare = this.config.bareDigitsAfterCue;
    if (bare && /^\d+$/.test(joined) && joined.length === bare.digits && this.followsCue(folded, start)) {
      const value = `${bare.prefix}${joined}`;
      return this.pattern.test(value) ? value : undefined;
    }
    return undefined;
  }

  private followsCue(folded: string, start: number): boolean {
    const before = folded.slice(Math.max(0, start - 20), start).replace(CUE_TAIL, '');
    return this.cues.some((cue) => before.endsWith(cue));
  }

  private isSeparatorGap(gap: string): boolean {
    return gap.length > 0 && gap.length <= MAX_GAP && Array.from(gap).every((ch) => this.separators.has(ch));
  }
}
