import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chooseEmbeddings,
  HashedNgramEmbeddings,
  openKnowledgeBase,
} from '../../../adapters/retriever-hnswlib/index.js';
import { KnowledgeError } from '../../../src/knowledge/ingest.js';
import { EMPTY_LEXICON } from '../../../src/knowledge/lexicon.js';
import { Tokeniser } from '../../../src/knowledge/tokenise.js';

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
