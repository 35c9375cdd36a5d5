import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KnowledgeError } from '../../../src/knowledge/ingest.js';
import { EMPTY_LEXICON, loadLexicon } from '../../../src/knowledge/lexicon.js';

const dirs: string[] = [];
const withLexicon = (content?: string) => {
  const dir = mkdtempSync(join(tmpdir(), 'kb-lexicon-'));
  dirs.push(dir);
  if (content !== undefined) writeFileSync(join(dir, 'lexicon.yaml'), content);
  return dir;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('loadLexicon', () => {
  it('reads the project lexicon, numbers included', () => {
    const lexicon = loadLexicon(resolve(import.meta.dirname, '../../../knowledge'));
    expect(lexicon.words).toContain('卡密');
    expect(lexicon.words).toContain('12315');
    expect(lexicon.synonyms.length).toBeGreaterThan(10);
  });

  it('treats an absent file as empty', () => {
    expect(loadLexicon(withLexicon())).toEqual(EMPTY_LEXICON);
  });

  it.each([
    ['broken YAML', 'words: [a\n', /lexicon\.yaml: not valid YAML/],
    ['a one-word synonym group', 'synonyms:\n  - [alone]\n', /lexicon\.yaml: synonyms\.0/],
    ['an unknown key', 'wordz: [a]\n', /lexicon\.yaml: .*wordz/],
  ])('rejects %s naming the file', (_name, content, message) => {
    const dir = withLexicon(content);
    expect(() => loadLexicon(dir)).toThrow(KnowledgeError);
    expect(() => loadLexicon(dir)).toThrow(message);
  });
});
