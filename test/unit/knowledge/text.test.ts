import { describe, expect, it } from 'vitest';
import { Bm25Index } from '../../../src/knowledge/bm25.js';
import { convexCombination, reciprocalRankFusion } from '../../../src/knowledge/fusion.js';
import { settledByBm25 } from '../../../src/knowledge/hybrid-retriever.js';
import { EMPTY_LEXICON } from '../../../src/knowledge/lexicon.js';
import { chineseNumber, normalise } from '../../../src/knowledge/normalise.js';
import { clausePassages } from '../../../src/knowledge/passages.js';
import { stem, Tokeniser, withPairs } from '../../../src/knowledge/tokenise.js';

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

  it('tells which document holds a term, and leaves no score behind between searches', () => {
    expect(index.contains('到账', 1)).toBe(true);
    expect(index.contains('到账', 2)).toBe(false);
    expect(index.contains('nowhere', 0)).toBe(false);
    expect(index.has('审核')).toBe(true);
    const once = index.search(new Map([['退款', 1]]), 5);
    index.search(new Map([['卡密', 1]]), 5);
    expect(index.search(new Map([['退款', 1]]), 5)).toEqual(once);
  });
});

describe('normalise: article numbers', () => {
  it('writes 第…条 in digits, so that 第24条 meets 第二十四条', () => {
    expect(normalise('《消费者权益保护法》第二十四条')).toBe('《消费者权益保护法》第24条');
    expect(normalise('第三十九條、第五十九条至第六十三条')).toBe('第39条、第59条至第63条');
    expect(normalise('一二三条路')).toBe('一二三条路');
  });

  it('reads Chinese numbers below 1000 and refuses the rest', () => {
    expect([chineseNumber('十'), chineseNumber('十二'), chineseNumber('二十四'), chineseNumber('一百零五')]).toEqual([
      10, 12, 24, 105,
    ]);
    expect(chineseNumber('二四')).toBeNull();
    expect(chineseNumber('二x')).toBeNull();
  });
});

describe('withPairs', () => {
  it('adds neighbouring Chinese token pairs, not English ones', () => {
    expect(withPairs(['退款', '成功', 'refund', 'status'])).toEqual(['退款', '成功', 'refund', 'status', '退款_成功']);
    expect(withPairs([])).toEqual([]);
  });

  it('keeps Latin words apart from the Han text that follows them', () => {
    const plain = new Tokeniser(EMPTY_LEXICON);
    expect(plain.tokens('用USDT付的')).toContain('usdt');
    expect(plain.tokens('office激活不了')).toEqual([stem('office'), '激活', '不了']);
  });
});

describe('clausePassages', () => {
  it('cuts a clause into its list items and paragraphs, each with the title', () => {
    const passages = clausePassages({
      title: '证据',
      text: '开头一段，\n接着写。\n\n- 第一点\n  续行\n  - 子项\n- 第二点\n要求：一段话。',
    });
    expect(passages).toEqual([
      '证据\n开头一段， 接着写。',
      '证据\n- 第一点 续行 - 子项',
      '证据\n- 第二点',
      '证据\n要求：一段话。',
    ]);
    expect(clausePassages({ title: '空', text: '' })).toEqual(['空']);
  });
});

describe('convexCombination', () => {
  it('divides each list by its best score and weighs it', () => {
    const fused = convexCombination([
      {
        hits: [
          { key: 'a', score: 10 },
          { key: 'b', score: 9 },
        ],
        weight: 0.9,
      },
      {
        hits: [
          { key: 'b', score: 0.5 },
          { key: 'c', score: 0.25 },
        ],
        weight: 0.1,
      },
    ]);
    expect(fused.map((f) => f.key)).toEqual(['b', 'a', 'c']);
    expect(fused[0]?.score).toBeCloseTo(0.9 * 0.9 + 0.1);
    expect(fused[2]?.score).toBeCloseTo(0.05);
  });

  it('ignores empty, zero-weight and non-finite input', () => {
    expect(convexCombination([])).toEqual([]);
    const fused = convexCombination([
      { hits: [{ key: 'a', score: 2 }], weight: 1 },
      { hits: [{ key: 'b', score: 5 }], weight: 0 },
      {
        hits: [
          { key: 'c', score: Number.NaN },
          { key: 'd', score: -1 },
          { key: 'e', score: 1 },
        ],
        weight: 1,
      },
    ]);
    expect(fused.map((f) => f.key)).toEqual(['a', 'e', 'c', 'd']);
    expect(fused.slice(2).every((f) => f.score === 0)).toBe(true);
  });
});

describe('settledByBm25', () => {
  const weights = { bm25Weight: 0.95, vectorWeight: 0.05 };
  const lexical = (scores: number[]) => scores.map((score, i) => ({ key: `c${i}`, score }));

  it('is true only when no vector score could reorder or displace the first k', () => {
    expect(settledByBm25(lexical([10, 8, 6, 4]), 2, weights)).toBe(true);
    expect(settledByBm25(lexical([10, 9.9, 6]), 2, weights)).toBe(false);
    expect(settledByBm25(lexical([10, 8, 7.9]), 2, weights)).toBe(false);
    expect(settledByBm25(lexical([10, 8]), 3, weights)).toBe(false);
    expect(settledByBm25(lexical([10, 0.1, 0.01]), 2, weights)).toBe(false);
    expect(settledByBm25(lexical([10, 5]), 2, { bm25Weight: 0, vectorWeight: 1 })).toBe(false);
  });

  it('agrees with fusing the vector side in: when settled, any vector scores leave the first k as they are', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    let settled = 0;
    for (let trial = 0; trial < 2000; trial++) {
      const k = 1 + Math.floor(random() * 4);
      const lex = lexical(
        Array.from({ length: 2 + Math.floor(random() * 6) }, () => random() * 10).sort((a, b) => b - a),
      );
      if (!settledByBm25(lex, k, weights)) continue;
      settled++;
      const vector = ['c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'x', 'y'].map((key) => ({ key, score: random() }));
      const alone = convexCombination([{ hits: lex, weight: weights.bm25Weight }]).slice(0, k);
      const both = convexCombination([
        { hits: lex, weight: weights.bm25Weight },
        { hits: vector, weight: weights.vectorWeight },
      ]).slice(0, k);
      expect(both.map((f) => f.key)).toEqual(alone.map((f) => f.key));
    }
    expect(settled).toBeGreaterThan(100);
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
