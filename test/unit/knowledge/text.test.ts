import { describe, expect, it } from 'vitest';
import { Bm25Index } from '../../../src/knowledge/bm25.js';
import { reciprocalRankFusion } from '../../../src/knowledge/fusion.js';
import { EMPTY_LEXICON } from '../../../src/knowledge/lexicon.js';
import { normalise } from '../../../src/knowledge/normalise.js';
import { stem, Tokeniser } from '../../../src/knowledge/tokenise.js';

describe('normalise', () => {
  it('turns Traditional into Simplified, folds 帐 into 账, full width and case', () => {
    expect(normalise('我的點卡還沒到帳')).toBe('我的点卡还没到账');
    expect(normalise('軟體序號無法啟用')).toBe('软件序号无法激活');
    expect(normalise('ＲＰ－０３ Refund')).toBe('rp-03 refund');
  });
  it('leaves text without Han characters alone apart from case', () => {
    expect(normalise('Charged TWICE?')).toBe('charged twice?');
  });
});

describe('Tokeniser', () => {
  const plain = new Tokeniser(EMPTY_LEXICON);
  const domain = new Tokeniser({
    words: ['卡密', '代充'],
    synonyms: [
      ['卡密', '激活码'],
      ['refund', 'money back'],
    ],
  });

  it('keeps domain words whole with the lexicon', () => {
    expect(domain.tokens('卡密没到账')).toContain('卡密');
    expect(domain.tokens('代充失败')).toContain('代充');
  });

  it('drops punctuation, emoji and stop words', () => {
    expect(plain.tokens('😀😀！？…')).toEqual([]);
    expect(plain.tokens('the and of')).toEqual([]);
  });

  it('stems English so inflections meet', () => {
    expect(stem('refunded')).toBe(stem('refunds'));
    expect(stem('charged')).toBe(stem('charge'));
    expect(stem('activation')).toBe('activation');
    expect(plain.tokens("Seller's codes")).toEqual(['seller', 'code']);
  });

  it('expands a query with its synonym group at a lower weight', () => {
    const { terms, lang } = domain.query('激活码不能用');
    expect(lang).toBe('zh');
    expect(terms.get('激活码')).toBe(1);
    expect(terms.get('卡密')).toBeGreaterThan(0);
    expect(terms.get('卡密')).toBeLessThan(1);
    expect(domain.query('I want my money back').terms.has('refund')).toBe(true);
    // Latin synonyms match whole words only.
    expect(domain.query('moneyback').terms.has('refund')).toBe(false);
  });

  it('detects the query language from Han characters', () => {
    expect(plain.query('refund 多久').lang).toBe('zh');
    expect(plain.query('how long').lang).toBe('en');
  });
});

describe('Bm25Index', () => {
  const index = new Bm25Index([
    ['卡密', '无效'],
    ['退款', '到账', '到账'],
    ['退款', '审核'],
  ]);

  it('ranks by term rarity and frequency', () => {
    const hits = index.search(new Map([['到账', 1]]), 5);
    expect(hits.map((h) => h.doc)).toEqual([1]);
    const both = index.search(
      new Map([
        ['退款', 1],
        ['审核', 1],
      ]),
      5,
    );
    expect(both.map((h) => h.doc)).toEqual([2, 1]);
  });

  it('honours weights and k', () => {
    const terms = new Map([
      ['卡密', 0.1],
      ['审核', 1],
    ]);
    expect(index.search(terms, 1).map((h) => h.doc)).toEqual([2]);
    expect(index.search(new Map(), 5)).toEqual([]);
    expect(index.search(terms, 0)).toEqual([]);
  });

  it('is empty-safe', () => {
    expect(new Bm25Index([]).search(new Map([['x', 1]]), 3)).toEqual([]);
  });
});

describe('reciprocalRankFusion', () => {
  it('rewards agreement between lists and respects weights', () => {
    const fused = reciprocalRankFusion([{ keys: ['a', 'b', 'c'] }, { keys: ['b', 'c', 'a'] }]);
    expect(fused[0]?.key).toBe('b');
    const weighted = reciprocalRankFusion([{ keys: ['a', 'b'] }, { keys: ['b', 'a'], weight: 0.1 }]);
    expect(weighted[0]?.key).toBe('a');
    expect(reciprocalRankFusion([])).toEqual([]);
  });
});
