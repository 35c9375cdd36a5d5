/** Payment-side transaction ids (WeChat, Alipay, bank): long digit runs matching the configured patterns. */
import type { NluFile } from '../../definition/nlu.js';
import type { Span } from './order-number.js';

const DIGIT_RUN = /(?<![a-z0-9])\d{12,40}(?![a-z0-9])/g;

export class TxnIdFinder {
  private readonly patterns: RegExp[];

  constructor(config: NluFile['entities']['txn_id']) {
    this.patterns = config.patterns.map((p) => new RegExp(`^(?:${p.pattern})$`, 'u'));
  }

  find(folded: string): Span[] {
    return Array.from(folded.matchAll(DIGIT_RUN))
      .filter((m) => this.patterns.some((p) => p.test(m[0])))
      .map((m) => ({ value: m[0], start: m.index ?? 0, end: (m.index ?? 0) + m[0].length }));
  }
}
