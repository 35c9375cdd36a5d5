import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REQUIRED_CLAUSE_IDS } from '../../../src/core/domain.js';
import {
  ingestKnowledge,
  KnowledgeError,
  loadKnowledge,
  parseDocument,
  validateDocuments,
} from '../../../src/knowledge/ingest.js';

const KNOWLEDGE = resolve(import.meta.dirname, '../../../knowledge');

const doc = (lang: 'zh-CN' | 'en', body: string, front = '') =>
  `---\nid: rules\ntitle: Rules\nversion: 1.2.0\neffective: 2026-11-01\nlang: ${lang}\n${front}---\n\n# Rules\n\n${body}`;

const dirs: string[] = [];
function knowledgeDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kb-ingest-'));
  dirs.push(dir);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('the project knowledge base', () => {
  const { documents, clauses } = loadKnowledge(KNOWLEDGE);

  it('covers every SPEC §5 clause in Chinese and in English', () => {
    for (const lang of ['zh', 'en'] as const) {
      const ids = new Set(clauses.filter((c) => c.lang === lang).map((c) => c.id));
      for (const id of REQUIRED_CLAUSE_IDS) expect(ids, `${lang} ${id}`).toContain(id);
    }
  });

  it('has the same clause ids in both languages, each with a title and text', () => {
    const zh = clauses.filter((c) => c.lang === 'zh').map((c) => c.id);
    const en = clauses.filter((c) => c.lang === 'en').map((c) => c.id);
    expect(zh.sort()).toEqual(en.sort());
    for (const c of clauses) {
      expect(c.title.length).toBeGreaterThan(3);
      expect(c.text.length).toBeGreaterThan(80);
    }
  });

  it('carries the front matter of each document', () => {
    expect(documents.map((d) => d.file)).toEqual([
      'law/statutes.en.md',
      'law/statutes.zh-CN.md',
      'policy/refund-rules.en.md',
      'policy/refund-rules.zh-CN.md',
    ]);
    const rp03 = clauses.find((c) => c.id === 'RP-03' && c.lang === 'zh');
    expect(rp03).toMatchObject({ document: 'refund-rules', version: '1.0.0', title: '付款后未发货或超时未发货' });
  });
});

describe('parseDocument', () => {
  it('makes one clause per "## ID title" heading, keeping ### sections and code fences inside it', () => {
    const { document, issues } = parseDocument(
      'p.md',
      doc(
        'en',
        '## RP-01 First\n\nText one.\n\n### Detail\n\n```\n## not a heading\n```\n\n## LAW-X-2 Second\n\nText two.\n',
      ),
    );
    expect(issues).toEqual([]);
    expect(document?.clauses.map((c) => [c.id, c.title, c.lang, c.version])).toEqual([
      ['RP-01', 'First', 'en', '1.2.0'],
      ['LAW-X-2', 'Second', 'en', '1.2.0'],
    ]);
    expect(document?.clauses[0]?.text).toContain('### Detail');
    expect(document?.clauses[0]?.text).toContain('## not a heading');
  });

  it.each([
    ['no front matter', '## RP-01 A\n\ntext', /missing YAML front matter/],
    ['unclosed front matter', '---\nid: x\n## RP-01 A\n', /not closed/],
    ['front matter that is not YAML', '---\nid: [x\n---\n## RP-01 A\n\ntext', /not valid YAML/],
    ['a missing field', '---\nid: x\ntitle: T\nversion: 1.0.0\nlang: en\n---\n## RP-01 A\n\ntext', /effective/],
    ['an unknown language', doc('en', '## RP-01 A\n\ntext').replace('lang: en', 'lang: fr'), /lang/],
    ['a bad version', doc('en', '## RP-01 A\n\ntext').replace('1.2.0', 'v1'), /version/],
    ['an unknown field', doc('en', '## RP-01 A\n\ntext', 'author: me\n'), /author|unrecognized/i],
    ['a malformed clause id', doc('en', '## RP-1 A\n\ntext'), /malformed clause id "RP-1"/],
    ['a lower-case clause id', doc('en', '## rp-01 A\n\ntext'), /malformed clause id/],
    ['a clause id repeated', doc('en', '## RP-01 A\n\ntext\n\n## RP-01 B\n\ntext'), /RP-01 appears 2 times/],
    ['a clause without text', doc('en', '## RP-01 A\n\n## RP-02 B\n\ntext'), /RP-01 has no text/],
    ['a clause without title', doc('en', '## RP-01\n\ntext'), /RP-01 has no title/],
    ['no clauses', doc('en', 'just prose'), /no clauses/],
  ])('reports %s, naming the file', (_name, source, message) => {
    const { issues } = parseDocument('policy/broken.md', source);
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.every((i) => i.file === 'policy/broken.md')).toBe(true);
    expect(issues.map((i) => i.message).join('\n')).toMatch(message);
  });

  it('points at the line of a malformed heading', () => {
    const { issues } = parseDocument('x.md', doc('en', '## RP-01 A\n\ntext\n\n## BAD B\n\ntext'));
    expect(issues[0]).toMatchObject({ file: 'x.md', line: 15 });
  });
});

describe('validateDocuments', () => {
  const parse = (file: string, lang: 'zh-CN' | 'en', body: string) => parseDocument(file, doc(lang, body)).document!;

  it('reports a clause id duplicated across files, naming both', () => {
    const issues = validateDocuments(
      [parse('a.md', 'en', '## RP-01 A\n\ntext'), parse('b.md', 'en', '## RP-01 B\n\ntext')],
      ['RP-01'],
    );
    expect(issues).toEqual([{ file: 'b.md', message: 'clause id RP-01 is duplicated (also in a.md)' }]);
  });

  it('reports required ids missing in a language, and clauses without a translation', () => {
    const issues = validateDocuments(
      [parse('zh.md', 'zh-CN', '## RP-01 A\n\ntext\n\n## RP-02 B\n\ntext'), parse('en.md', 'en', '## RP-01 A\n\ntext')],
      ['RP-01'],
    );
    expect(issues).toEqual([
      { file: 'en.md', message: 'en: no version of clause ids present in another language: RP-02' },
    ]);
    const missing = validateDocuments([parse('zh.md', 'zh-CN', '## RP-01 A\n\ntext')], ['RP-01', 'LAW-7D']);
    expect(missing[0]?.message).toBe('zh-CN: missing required clause ids (SPEC §5): LAW-7D');
  });
});

describe('ingestKnowledge', () => {
  it('names the broken file and still reports problems in the others', () => {
    const dir = knowledgeDir({
      'policy/ok.md': doc('en', '## RP-01 A\n\ntext'),
      'policy/broken.md': '# no front matter\n\n## RP-02 B\n\ntext',
      'README.md': 'documentation, not policy',
    });
    const result = ingestKnowledge(dir);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.file)).toContain('policy/broken.md');
    expect(result.issues.some((i) => i.message.includes('missing required clause ids'))).toBe(true);
  });

  it('fails clearly on an empty or absent directory', () => {
    expect(ingestKnowledge(knowledgeDir({}))).toMatchObject({
      ok: false,
      issues: [{ message: 'no Markdown documents found' }],
    });
    const absent = ingestKnowledge(join(tmpdir(), 'no-such-knowledge-dir-xyz'));
    expect(absent.ok).toBe(false);
  });

  it('throws a KnowledgeError listing file and line from loadKnowledge', () => {
    const dir = knowledgeDir({ 'x.md': doc('en', '## RP-1 A\n\ntext') });
    expect(() => loadKnowledge(dir)).toThrow(KnowledgeError);
    expect(() => loadKnowledge(dir)).toThrow(/x\.md:\d+: malformed clause id/);
  });
});
