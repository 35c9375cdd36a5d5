import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REQUIRED_CLAUSE_IDS } from '../../../src/core/domain.js';
import { DefinitionError, validateDialogDefinition } from '../../../src/definition/dialog.js';

const read = (name: string) => ({
  file: `bots/refund/${name}`,
  value: parse(readFileSync(`bots/refund/${name}`, 'utf8')) as unknown,
});
const files = () => ({
  evidence: read('evidence.yaml'),
  rules: read('rules.yaml'),
  templates: { zh: read('templates.zh-CN.yaml'), en: read('templates.en.yaml') },
});
const ids = new Set<string>(REQUIRED_CLAUSE_IDS);
const problems = (f: ReturnType<typeof files>, clauseIds = ids): string[] => {
  try {
    validateDialogDefinition(f, clauseIds);
    return [];
  } catch (err) {
    return err instanceof DefinitionError ? err.problems : [String(err)];
  }
};

describe('the dialog definition is validated twice: schema, then cross-references', () => {
  it('the shipped files are valid', () => {
    expect(problems(files())).toEqual([]);
  });

  it('a missing ask_<kind> template is named with its file', () => {
    const f = files();
    delete (f.templates.en.value as Record<string, unknown>).ask_supplier_chat;
    expect(problems(f)).toContain('bots/refund/templates.en.yaml: ask_supplier_chat: template missing');
  });

  it('an unused template is reported', () => {
    const f = files();
    (f.templates.zh.value as Record<string, unknown>).leftover = 'x';
    expect(problems(f)).toContain('bots/refund/templates.zh-CN.yaml: leftover: template never used');
  });

  it('a cited clause that the knowledge base lacks is reported', () => {
    const without = new Set([...ids].filter((id) => id !== 'RP-13'));
    expect(problems(files(), without)).toContain(
      'bots/refund/rules.yaml: clause RP-13 is cited but not in the knowledge base',
    );
  });

  it('a schema error names the file and the path', () => {
    const f = files();
    (
      (f.rules.value as { eligibility: { defective: Array<{ result: string }> } }).eligibility.defective[0] as {
        result: string;
      }
    ).result = 'maybe';
    expect(problems(f).join('\n')).toMatch(/rules\.yaml: eligibility\.defective\.0\.result/);
  });
});
