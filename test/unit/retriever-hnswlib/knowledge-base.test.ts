import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildVectorStores,
  chooseEmbeddings,
  HashedNgramEmbeddings,
  HnswVectorSearch,
  langchainBm25,
  langchainEnsemble,
  openKnowledgeBase,
} from '../../../adapters/retriever-hnswlib/index.js';
import { KnowledgeError, loadKnowledge } from '../../../src/knowledge/ingest.js';
import { EMPTY_LEXICON } from '../../../src/knowledge/lexicon.js';
import { Tokeniser } from '../../../src/knowledge/tokenise.js';
import type { Clause } from '../../../src/ports/retriever.js';

const KNOWLEDGE = resolve(import.meta.dirname, '../../../knowledge');
const offline = {};
let work: string;
let knowledgeDir: string;
let dataDir: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'kb-hnsw-'));
  knowledgeDir = join(work, 'knowledge');
  dataDir = join(work, 'data');
  cpSync(KNOWLEDGE, knowledgeDir, { recursive: true });
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('openKnowledgeBase', () => {
  it('builds the index on first open, reporting progress, and loads it afterwards', async () => {
    const phases = new Set<string>();
    const first = await openKnowledgeBase({
      knowledgeDir,
      dataDir,
      config: offline,
      onProgress: (p) => phases.add(p.phase),
    });
    expect(first.built).toBe(true);
    expect(phases).toEqual(new Set(['embed', 'index']));
    expect(first.indexDir.startsWith(join(dataDir, 'kb', first.hash.slice(0, 16)))).toBe(true);
    expect(readdirSync(first.indexDir).sort()).toEqual(['en', 'manifest.json', 'zh']);
    expect(readdirSync(join(first.indexDir, 'zh')).sort()).toEqual(['args.json', 'docstore.json', 'hnswlib.index']);

    const second = await openKnowledgeBase({ knowledgeDir, dataDir, config: offline });
    expect(second.built).toBe(false);
    expect(second.hash).toBe(first.hash);
    const a = await first.retriever.search('兑换码提示无效', { k: 3 });
    const b = await second.retriever.search('兑换码提示无效', { k: 3 });
    expect(b.map((c) => c.id)).toEqual(a.map((c) => c.id));
    expect(b.map((c) => c.id)).toContain('RP-05');
  });

  it('rebuilds when knowledge/ changes and drops the old version', async () => {
    const before = await openKnowledgeBase({ knowledgeDir, dataDir, config: offline });
    writeFileSync(join(knowledgeDir, 'notes.txt'), 'an operator edit\n');
    const after = await openKnowledgeBase({ knowledgeDir, dataDir, config: offline });
    expect(after.hash).not.toBe(before.hash);
    expect(after.built).toBe(true);
    expect(readdirSync(join(dataDir, 'kb'))).toEqual([after.hash.slice(0, 16)]);
  });

  it('rebuilds a damaged index instead of failing', async () => {
    const base = await openKnowledgeBase({ knowledgeDir, dataDir, config: offline });
    writeFileSync(join(base.indexDir, 'en', 'hnswlib.index'), 'garbage');
    const again = await openKnowledgeBase({ knowledgeDir, dataDir, config: offline });
    expect(again.built).toBe(true);
    expect((await again.retriever.search('Charged twice', { k: 3 })).map((c) => c.id)).toContain('RP-04');
  });

  it('rejects broken front matter with an error naming the file', async () => {
    const broken = join(work, 'broken');
    cpSync(KNOWLEDGE, broken, { recursive: true });
    writeFileSync(join(broken, 'policy', 'extra.zh-CN.md'), '---\nid: extra\ntitle: [oops\n---\n## RP-30 x\n\ntext\n');
    await expect(openKnowledgeBase({ knowledgeDir: broken, dataDir, config: offline })).rejects.toThrow(KnowledgeError);
    await expect(openKnowledgeBase({ knowledgeDir: broken, dataDir, config: offline })).rejects.toThrow(
      /policy\/extra\.zh-CN\.md/,
    );
  });

  it('answers zh, zh-Hant and en through the vector index alone', async () => {
    const kb = await openKnowledgeBase({ knowledgeDir, dataDir, config: offline });
    const vectorOnly = kb.retriever.withWeights({ bm25Weight: 0 });
    expect((await vectorOnly.search('微信账单里同一笔订单出现两次扣款', { k: 3 })).map((c) => c.id)).toContain('RP-04');
    expect((await vectorOnly.search('申請提交後審核多長時間出結果', { k: 3 })).map((c) => c.id)).toContain('RP-12');
    expect((await vectorOnly.search('refund reference number from my bank', { k: 3 })).map((c) => c.id)).toContain(
      'RP-18',
    );
  });
});

describe('the vector index', () => {
  const tokeniser = new Tokeniser(EMPTY_LEXICON);
  const embeddings = new HashedNgramEmbeddings(tokeniser);
  const clauses: Clause[] = [
    {
      id: 'RP-01',
      title: '到账时间',
      text: '- 微信：几分钟\n- 银行卡：1–5 个工作日',
      document: 'd',
      lang: 'zh',
      version: '1',
    },
    { id: 'RP-02', title: '申诉', text: '驳回后 7 天内可以申诉。', document: 'd', lang: 'zh', version: '1' },
    {
      id: 'RP-01',
      title: 'Arrival',
      text: '- WeChat: minutes\n- Bank card: 1-5 working days',
      document: 'd',
      lang: 'en',
      version: '1',
    },
  ];

  it('holds one point per passage and scores a clause by its best passage, once', async () => {
    const stores = await buildVectorStores(clauses, embeddings);
    expect(stores.get('zh')?.index.getCurrentCount()).toBe(3);
    const search = new HnswVectorSearch(stores, embeddings);
    expect(search.size).toBe(5);
    const hits = await search.search('银行卡几个工作日到账', 5, { langs: ['zh'], allow: () => true });
    expect(hits.map((h) => h.key)).toEqual(['zh:RP-01', 'zh:RP-02']);
    expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
    const scoped = await search.search('bank card', 5, { langs: ['en'], allow: (key) => key !== 'en:RP-01' });
    expect(scoped).toEqual([]);
  });

  it('builds in slices: the event loop keeps turning while a larger index is built', async () => {
    const many: Clause[] = Array.from({ length: 600 }, (_, i) => ({
      id: `LAW-T-${i}`,
      title: `条款 ${i}`,
      text: Array.from(
        { length: 4 },
        (_, j) => `- 第${j}点：退款 ${i * 7 + j} 到账 审核 卡密 ${i % 13} 申诉 ${j * 11}`,
      ).join('\n'),
      document: 'd',
      lang: i % 2 === 0 ? 'zh' : 'en',
      version: '1',
    }));
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    await buildVectorStores(many, embeddings);
    delay.disable();
    // Generous: a build of this size done in one go holds the loop for well over a second here.
    expect(delay.max / 1e6).toBeLessThan(250);
  });
});

describe('langchain baselines (eval:kb --compare)', () => {
  it('answer through the Retriever port', async () => {
    const kb = await openKnowledgeBase({ knowledgeDir, dataDir, config: offline });
    const { clauses } = loadKnowledge(knowledgeDir);
    const bm25 = langchainBm25(clauses, kb.tokeniser, 'jieba');
    expect((await bm25.search('兑换码提示无效', { k: 3 })).map((c) => c.id)).toContain('RP-05');
    const ensemble = langchainEnsemble(clauses, kb.tokeniser, kb.stores);
    const found = await ensemble.search('Charged twice for one order', { k: 3 });
    expect(found.map((c) => c.id)).toContain('RP-04');
    expect(found.every((c) => c.lang === 'en')).toBe(true);
    expect((await langchainBm25(clauses, kb.tokeniser, 'plain').search('refund', { k: 2 })).length).toBe(2);
  });
});

describe('embeddings', () => {
  const tokeniser = new Tokeniser(EMPTY_LEXICON);

  it('are offline, deterministic and unit length by default', async () => {
    const chosen = chooseEmbeddings({}, tokeniser);
    expect(chosen.embeddings).toBeInstanceOf(HashedNgramEmbeddings);
    const [a, b] = await chosen.embeddings.embedDocuments(['卡密无效', '卡密无效']);
    expect(a).toEqual(b);
    expect(Math.hypot(...a!)).toBeCloseTo(1, 6);
    expect(await chosen.embeddings.embedQuery('😀')).toEqual(new Array(a!.length).fill(0));
  });

  it('switch to an OpenAI-compatible endpoint by configuration', () => {
    const chosen = chooseEmbeddings(
      { EMBEDDINGS_URL: 'http://127.0.0.1:9/v1', EMBEDDINGS_MODEL: 'bge-m3', EMBEDDINGS_API_KEY: 'k' },
      tokeniser,
    );
    expect(chosen.embeddings).not.toBeInstanceOf(HashedNgramEmbeddings);
    expect(chosen.id).toBe('openai-compatible:bge-m3@http://127.0.0.1:9/v1');
  });
});
