/**
 * Texts the chat shows must be free of wrap artefacts: a line break in a hard-wrapped Chinese source
 * becomes a space once lines are joined ("代充等。 商品以"). Scans every template and every clause
 * (its lines joined as the bot's summaries and any Markdown renderer join them).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/** Full-width punctuation, a space, then a CJK character. */
const ARTEFACT = /[。，；：！？、] +(?=[\p{Script=Han}《“（])/u;

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? markdownFiles(join(dir, e.name)) : e.name.endsWith('.md') ? [join(dir, e.name)] : [],
  );
}

function strings(value: unknown, path: string): Array<[string, string]> {
  if (typeof value === 'string') return [[path, value]];
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => strings(v, path ? `${path}.${k}` : k));
  return [];
}

describe('source texts', () => {
  it('no template has a space after full-width punctuation before Chinese', () => {
    const found = ['bots/refund/templates.zh-CN.yaml', 'bots/refund/templates.en.yaml'].flatMap((file) =>
      strings(parse(readFileSync(file, 'utf8')), '')
        .filter(([, text]) => ARTEFACT.test(text))
        .map(([key]) => `${file}: ${key}`),
    );
    expect(found).toEqual([]);
  });

  it('no clause of the knowledge base has one once its lines are joined', () => {
    const found: string[] = [];
    for (const file of markdownFiles('knowledge')) {
      const body = readFileSync(file, 'utf8').replace(/^---\n[\s\S]*?\n---\n/, '');
      for (const section of body.split(/^(?=## )/m)) {
        const id = /^## (\S+)/.exec(section)?.[1] ?? '(preamble)';
        const joined = section.replace(/\s*\n\s*/g, ' ');
        const hit = ARTEFACT.exec(joined);
        if (hit) found.push(`${file} ${id}: …${joined.slice(Math.max(0, hit.index - 12), hit.index + 8)}…`);
      }
    }
    expect(found).toEqual([]);
  });
});
