import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { HybridRetriever, type VectorSearch } from '../../../src/knowledge/hybrid-retriever.js';
import { loadKnowledge } from '../../../src/knowledge/ingest.js';
import { loadLexicon } from '../../../src/knowledge/lexicon.js';
import { Tokeniser } from '../../../src/knowledge/tokenise.js';

const KNOWLEDGE = resolve(import.meta.dirname, '../../../knowledge');

let retriever: HybridRetriever;
let tokeniser: Tokeniser;
beforeAll(() => {
  tokeniser = new Tokeniser(loadLexicon(KNOWLEDGE));
  retriever = new HybridRetriever(loadKnowledge(KNOWLEDGE).clauses, tokeniser);
});

const top3 = async (query: string) => (await retriever.search(query, { k: 3 })).map((c) => c.id);

describe('HybridRetriever (BM25 half) on the project knowledge base', () => {
  it.each([
    ['点券付了钱过了承诺时间还是没有充上', 'RP-03'],
    ['同一个订单微信扣了我两笔钱', 'RP-04'],
    ['兑换的时候提示这个卡密已被使用', 'RP-05'],
    ['下单的是iOS版本，发给我的是安卓的', 'RP-06'],
    ['页面写的永久会员，结果三天就过期了', 'RP-07'],
    ['商品支持无理由退款，我还没兑换，可以退吗', 'RP-08'],
    ['对驳回结果不服，还能再提交一次吗', 'RP-15'],
    ['代充时我把游戏ID填错了', 'RP-17'],
  ])('zh: %s → %s', async (query, id) => {
    expect(await top3(query)).toContain(id);
  });

  it.each([
    ['剛買的影音會員密碼錯誤，進不去', 'RP-05'],
    ['退款審核通常要幾個工作天', 'RP-12'],
    ['商家不理我，平台可以介入處理嗎', 'RP-13'],
  ])('zh-Hant: %s → %s', async (query, id) => {
    const found = await retriever.search(query, { k: 3 });
    expect(found.map((c) => c.id)).toContain(id);
    expect(found.every((c) => c.lang === 'zh')).toBe(true);
  });

  it.each([
    ['The game top-up I paid for never showed up in my account', 'RP-03'],
    ['My bank statement shows the same payment two times', 'RP-04'],
    ['Which screenshots and records do I need to keep as evidence?', 'RP-10'],
    ['Can I complain to 12315 or go to court?', 'RP-16'],
  ])('en: %s → %s', async (query, id) => {
    const found = await retriever.search(query, { k: 3 });
    expect(found.map((c) => c.id)).toContain(id);
    expect(found.every((c) => c.lang === 'en')).toBe(true);
  });

  it('answers in the asked language when given, and puts a named clause first', async () => {
    const en = await retriever.search('退款', { lang: 'en', k: 2 });
    expect(en.every((c) => c.lang === 'en')).toBe(true);
    const named = await retriever.search('what does rp-15 say?', { k: 3 });
    expect(named[0]?.id).toBe('RP-15');
    expect(named[0]?.lang).toBe('en');
  });

  it('returns results best first, at most k, each clause once', async () => {
    const found = await retriever.search('卡密 退款 到账 申诉 审核', { k: 5 });
    expect(found).toHaveLength(5);
    expect(new Set(found.map((c) => c.id)).size).toBe(5);
    const scores = found.map((c) => c.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('looks a clause up by id and language, falling back to the other language', async () => {
    expect((await retriever.clause('RP-08', 'en'))?.title).toMatch(/No-reason refund/);
    expect(await retriever.clause('RP-99', 'zh')).toBeNull();
    const zhOnly = new HybridRetriever(
      [{ id: 'RP-01', title: '总则', text: '只有中文', document: 'd', lang: 'zh', version: '1.0.0' }],
      tokeniser,
    );
    expect((await zhOnly.clause('RP-01', 'en'))?.lang).toBe('zh');
    expect((await zhOnly.search('总则', { lang: 'en' }))[0]?.id).toBe('RP-01');
  });
});

describe('short follow-up questions in a chat reach the clause that answers them', () => {
  it.each([
    ['要等几天', 'RP-12'],
    ['退款审核一般要多久', 'RP-12'],
    ['银行卡多久到账', 'RP-14'],
    ['那我还能去哪投诉', 'RP-16'],
    ['审核結果幾時出來', 'RP-12'],
    ['where else can I complain', 'RP-16'],
  ])('%s → %s first', async (query, id) => {
    expect((await retriever.search(query, { k: 3 }))[0]?.id).toBe(id);
  });
});

describe('retrieve: what the answer rests on', () => {
  it('returns what search returns, each with the share of the query the clause covers', async () => {
    const { results, unknownTerms } = await retriever.retrieve('银行卡多久到账', { k: 3 });
    expect(results).toEqual(await retriever.search('银行卡多久到账', { k: 3 }));
    expect(unknownTerms).toEqual([]);
    expect(results[0]?.coverage).toBe(1);
    for (const r of results) expect(r.coverage).toBeGreaterThanOrEqual(0);
  });

  it.each([
    ['用USDT付的 怎么退', 'usdt'],
    ['用比特币付的能退吗', '比特币'],
    ['I paid with PayPal, how do I get my money back?', 'paypal'],
  ])('names a payment channel the rules never mention: %s → %s', async (query, word) => {
    const { results, unknownTerms } = await retriever.retrieve(query, { k: 3 });
    expect(unknownTerms).toEqual([word]);
    expect(results[0]?.coverage ?? 1).toBeLessThan(0.7);
  });

  it('does not count particles or compounds of known words as unknown', async () => {
    expect((await retriever.retrieve('那我还能去哪投诉')).unknownTerms).toEqual([]);
    expect((await retriever.retrieve('微信付的多久到账')).unknownTerms).toEqual([]);
  });

  it('is empty for an empty query', async () => {
    expect(await retriever.retrieve('')).toEqual({ results: [], unknownTerms: [] });
  });
});

describe('bad input never throws', () => {
  it.each([
    ['empty', ''],
    ['blank', '   \n\t '],
    ['emoji only', '😀🙏🔥💸'],
    ['regex metacharacters', '.*+?^$ {}()|[]\\ (?<x>a)\\1'],
    ['SQL metacharacters', '\'; DROP TABLE clauses; -- " OR 1=1 /* */'],
    ['markup', '<script>alert(1)</script><img src=x onerror=alert(1)>'],
    ['control characters', '\u0000\u0007\u001b[31m\ufeff'],
    ['lone surrogates', '\ud800\udfff\ud800'],
  ])('%s', async (_name, query) => {
    const found = await retriever.search(query);
    expect(Array.isArray(found)).toBe(true);
  });

  it('returns nothing for empty or emoji-only queries', async () => {
    expect(await retriever.search('')).toEqual([]);
    expect(await retriever.search('😀😀😀')).toEqual([]);
  });

  it('clips a 10,000-character query and still answers', async () => {
    const found = await retriever.search('卡密无效怎么退款'.repeat(1250), { k: 3 });
    expect(found.map((c) => c.id)).toContain('RP-05');
  });

  it('clamps odd k values', async () => {
    expect(await retriever.search('退款', { k: 0 })).toEqual([]);
    expect(await retriever.search('退款', { k: -3 })).toEqual([]);
    expect(await retriever.search('退款', { k: Number.NaN })).toEqual([]);
    expect((await retriever.search('退款', { k: 10_000 })).length).toBeLessThanOrEqual(50);
    expect((await retriever.search('退款', { k: 2.7 })).length).toBe(2);
  });
});

describe('fusion with a vector side', () => {
  const fake = (keys: string[]): VectorSearch => ({
    search: async (_q, k, { allow }) =>
      keys
        .filter(allow)
        .slice(0, k)
        .map((key, i) => ({ key, score: 1 - i / 10 })),
  });

  it('lets vector agreement lift a clause and ignores keys outside the language view', async () => {
    const clauses = loadKnowledge(KNOWLEDGE).clauses;
    const withVectors = new HybridRetriever(clauses, tokeniser, fake(['en:RP-16', 'zh:RP-16']), {
      bm25Weight: 0.25,
      vectorWeight: 0.75,
    });
    const found = await withVectors.search('退款规则', { k: 3 });
    expect(found[0]?.id).toBe('RP-16');
    expect(found[0]?.lang).toBe('zh');
  });

  it('answers from BM25 alone when the vector side fails', async () => {
    const errors: unknown[] = [];
    const failing: VectorSearch = {
      search: async () => {
        throw new Error('embedding endpoint down');
      },
    };
    const r = new HybridRetriever(loadKnowledge(KNOWLEDGE).clauses, tokeniser, failing, {
      bm25Weight: 0.5,
      vectorWeight: 0.5,
      onVectorError: (e) => errors.push(e),
    });
    expect((await r.search('重复扣款', { k: 3 })).map((c) => c.id)).toContain('RP-04');
    expect(errors).toHaveLength(1);
  });

  it('skips the vector search when it cannot change the answer, and runs it when it can', async () => {
    let calls = 0;
    const counting: VectorSearch = {
      search: async () => {
        calls++;
        return [];
      },
    };
    const clauses = loadKnowledge(KNOWLEDGE).clauses;
    const r = new HybridRetriever(clauses, tokeniser, counting, { bm25Weight: 0.99, vectorWeight: 0.01 });
    const withVector = new HybridRetriever(clauses, tokeniser, counting, { bm25Weight: 0.5, vectorWeight: 0.5 });
    await r.search('同一个订单微信扣了我两笔钱', { k: 1 });
    expect(calls).toBe(0);
    await withVector.search('同一个订单微信扣了我两笔钱', { k: 1 });
    expect(calls).toBe(1);
  });

  it('fuses by reciprocal rank when asked', async () => {
    const clauses = loadKnowledge(KNOWLEDGE).clauses;
    const r = new HybridRetriever(clauses, tokeniser, fake(['zh:RP-16']), { fusion: 'rrf' });
    const found = await r.search('重复扣款', { k: 3 });
    expect(found.map((c) => c.id)).toContain('RP-04');
    expect(found[0]?.score).toBeLessThan(0.1);
  });

  it('does not let the vector side answer a query no policy term matches', async () => {
    const r = new HybridRetriever(loadKnowledge(KNOWLEDGE).clauses, tokeniser, fake(['zh:RP-01']));
    expect(await r.search('今天天气怎么样')).toEqual([]);
  });
});
