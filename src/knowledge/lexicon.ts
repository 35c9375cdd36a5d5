/** The retrieval lexicon (knowledge/lexicon.yaml): domain words for jieba and synonym groups for query expansion. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { KnowledgeError, type KnowledgeIssue } from './ingest.js';

export const LEXICON_FILE = 'lexicon.yaml';

// Numbers are terms too (12315); YAML reads them as numbers.
const term = z.union([z.string(), z.number()]).transform(String).pipe(z.string().trim().min(1).max(40));
export const Lexicon = z
  .object({
    words: z.array(term).max(10_000).default([]),
    synonyms: z.array(z.array(term).min(2).max(50)).max(5_000).default([]),
  })
  .strict();
export type Lexicon = z.infer<typeof Lexicon>;

export const EMPTY_LEXICON: Lexicon = { words: [], synonyms: [] };

/** Reads `<dir>/lexicon.yaml`; absent means empty. A bad file throws a KnowledgeError naming it. */
export function loadLexicon(dir: string): Lexicon {
  const path = join(dir, LEXICON_FILE);
  if (!existsSync(path)) return EMPTY_LEXICON;
  const fail = (message: string): never => {
    const issue: KnowledgeIssue = { file: LEXICON_FILE, message };
    throw new KnowledgeError([issue]);
  };
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(path, 'utf8'));
  } catch (err) {
    return fail(`not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  const parsed = Lexicon.safeParse(raw ?? {});
  if (!parsed.success) {
    return fail(parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; '));
  }
  return parsed.data;
}
