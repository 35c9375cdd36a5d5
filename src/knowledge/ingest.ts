/**
 * Ingestion: knowledge/**\/*.md → clauses. One document per file (YAML front matter), one clause per
 * `## <ID> <title>` heading. `#` headings are document titles; `###` and deeper belong to the clause.
 * Problems are collected, each naming its file (and line), so an operator fixes them in one pass.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { CLAUSE_ID_PATTERN, type Lang, REQUIRED_CLAUSE_IDS } from '../core/domain.js';
import type { Clause } from '../ports/retriever.js';

export const FrontMatter = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'a document id in lower case with dashes, e.g. refund-rules'),
    title: z.string().trim().min(1),
    version: z.string().regex(/^\d+\.\d+\.\d+(?:-[0-9a-z.-]+)?$/i, 'a semantic version such as 1.0.0'),
    effective: z
      .union([z.string(), z.date()])
      .transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v))
      .pipe(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')),
    lang: z.enum(['zh-CN', 'en']),
  })
  .strict();
export type FrontMatter = z.infer<typeof FrontMatter>;

export interface KnowledgeDocument extends FrontMatter {
  /** Path relative to the knowledge directory, with forward slashes. */
  file: string;
  clauses: Clause[];
}

export interface KnowledgeIssue {
  file: string;
  line?: number;
  message: string;
}

export type IngestResult =
  | { ok: true; documents: KnowledgeDocument[]; clauses: Clause[] }
  | { ok: false; issues: KnowledgeIssue[] };

export class KnowledgeError extends Error {
  override readonly name = 'KnowledgeError';
  constructor(readonly issues: KnowledgeIssue[]) {
    super(`invalid knowledge base:\n${issues.map((i) => `  ${formatIssue(i)}`).join('\n')}`);
  }
}

export function formatIssue(issue: KnowledgeIssue): string {
  return `${issue.file}${issue.line === undefined ? '' : `:${issue.line}`}: ${issue.message}`;
}

const langOf = (locale: FrontMatter['lang']): Lang => (locale === 'zh-CN' ? 'zh' : 'en');
const HEADING = /^(#{1,6})[ \t]+(.*?)[ \t#]*$/;
const FENCE = /^\s*(```|~~~)/;

/** Parses one Markdown document. Pure: the caller reads the file. */
export function parseDocument(
  file: string,
  source: string,
): { document?: KnowledgeDocument; issues: KnowledgeIssue[] } {
  const issues: KnowledgeIssue[] = [];
  const lines = source.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines[0]?.trim() !== '---') {
    return { issues: [{ file, line: 1, message: 'missing YAML front matter (the file must start with ---)' }] };
  }
  const end = lines.findIndex((l, i) => i > 0 && l.trim() === '---');
  if (end < 0) return { issues: [{ file, line: 1, message: 'front matter is not closed by a --- line' }] };

  let raw: unknown;
  try {
    raw = parseYaml(lines.slice(1, end).join('\n'));
  } catch (err) {
    return {
      issues: [{ file, line: 2, message: `front matter is not valid YAML: ${(err as Error).message.split('\n')[0]}` }],
    };
  }
  const meta = FrontMatter.safeParse(raw ?? {});
  if (!meta.success) {
    return {
      issues: meta.error.issues.map((i) => ({
        file,
        line: 1,
        message: `front matter ${i.path.join('.') || '(root)'}: ${i.message}`,
      })),
    };
  }

  const clauses: Clause[] = [];
  let current: { id: string; title: string; line: number; body: string[] } | undefined;
  const flush = () => {
    if (!current) return;
    const text = current.body.join('\n').trim();
    if (text === '') issues.push({ file, line: current.line, message: `clause ${current.id} has no text` });
    clauses.push({
      id: current.id,
      title: current.title,
      text,
      document: meta.data.id,
      lang: langOf(meta.data.lang),
      version: meta.data.version,
    });
    current = undefined;
  };

  let inFence = false;
  for (let i = end + 1; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (FENCE.test(line)) inFence = !inFence;
    const heading = inFence ? null : HEADING.exec(line);
    const level = heading?.[1]?.length ?? 0;
    if (heading && level <= 2) {
      flush();
      if (level === 1) continue;
      const [id = '', ...rest] = (heading[2] ?? '').split(/\s+/);
      const title = rest.join(' ').trim();
      if (!CLAUSE_ID_PATTERN.test(id)) {
        issues.push({
          file,
          line: i + 1,
          message: `malformed clause id "${id.slice(0, 40)}" (expected RP-NN or LAW-…)`,
        });
        continue;
      }
      if (title === '') issues.push({ file, line: i + 1, message: `clause ${id} has no title after its id` });
      current = { id, title, line: i + 1, body: [] };
    } else if (current) {
      current.body.push(line);
    }
  }
  flush();
  if (clauses.length === 0 && issues.length === 0) {
    issues.push({ file, message: 'no clauses (expected "## <ID> <title>" headings)' });
  }

  const seen = new Map<string, number>();
  for (const c of clauses) seen.set(c.id, (seen.get(c.id) ?? 0) + 1);
  for (const [id, count] of seen) {
    if (count > 1) issues.push({ file, message: `clause id ${id} appears ${count} times` });
  }
  return { document: { ...meta.data, file, clauses }, issues };
}

/** Cross-document checks: duplicates across files, every §5 id and every clause in both languages. */
export function validateDocuments(
  documents: KnowledgeDocument[],
  requiredIds: readonly string[] = REQUIRED_CLAUSE_IDS,
): KnowledgeIssue[] {
  const issues: KnowledgeIssue[] = [];
  const owner = new Map<string, string>();
  for (const doc of documents) {
    for (const clause of doc.clauses) {
      const key = `${doc.lang}\u0000${clause.id}`;
      const first = owner.get(key);
      if (first === undefined) owner.set(key, doc.file);
      else if (first !== doc.file)
        issues.push({ file: doc.file, message: `clause id ${clause.id} is duplicated (also in ${first})` });
    }
  }
  const locales = [...new Set(documents.map((d) => d.lang))];
  const idsByLocale = new Map(
    locales.map((l) => [l, new Set(documents.filter((d) => d.lang === l).flatMap((d) => d.clauses.map((c) => c.id)))]),
  );
  const allIds = new Set([...idsByLocale.values()].flatMap((s) => [...s]));
  for (const locale of locales) {
    const have = idsByLocale.get(locale) ?? new Set<string>();
    const files = documents.filter((d) => d.lang === locale).map((d) => d.file);
    const missingRequired = requiredIds.filter((id) => !have.has(id));
    if (missingRequired.length > 0)
      issues.push({
        file: files.join(', '),
        message: `${locale}: missing required clause ids (SPEC §5): ${missingRequired.join(', ')}`,
      });
    const untranslated = [...allIds].filter((id) => !have.has(id) && !requiredIds.includes(id));
    if (untranslated.length > 0)
      issues.push({
        file: files.join(', '),
        message: `${locale}: no version of clause ids present in another language: ${untranslated.join(', ')}`,
      });
  }
  return issues;
}

/** Markdown files under `dir`, relative, sorted; README files are documentation, not policy. */
export function listKnowledgeFiles(dir: string): string[] {
  const entries = readdirSync(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.md') && !/^readme\.md$/i.test(e.name) && !e.name.startsWith('.'))
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort();
}

/** Reads and validates the whole knowledge directory. */
export function ingestKnowledge(dir: string): IngestResult {
  let files: string[];
  try {
    files = listKnowledgeFiles(dir);
  } catch (err) {
    return {
      ok: false,
      issues: [{ file: dir, message: `cannot read the knowledge directory: ${(err as Error).message}` }],
    };
  }
  if (files.length === 0) return { ok: false, issues: [{ file: dir, message: 'no Markdown documents found' }] };
  const issues: KnowledgeIssue[] = [];
  const documents: KnowledgeDocument[] = [];
  for (const file of files) {
    const parsed = parseDocument(file, readFileSync(join(dir, file), 'utf8'));
    issues.push(...parsed.issues);
    if (parsed.document) documents.push(parsed.document);
  }
  issues.push(...validateDocuments(documents));
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, documents, clauses: documents.flatMap((d) => d.clauses) };
}

/** As ingestKnowledge, throwing a KnowledgeError that lists every problem with its file. */
export function loadKnowledge(dir: string): { documents: KnowledgeDocument[]; clauses: Clause[] } {
  const result = ingestKnowledge(dir);
  if (!result.ok) throw new KnowledgeError(result.issues);
  return result;
}
