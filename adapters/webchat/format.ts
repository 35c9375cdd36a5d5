/**
 * Bot text as Web Chat shows it: Markdown built here from plain text, so nothing in the text (an
 * agent's note, a file name) can become markup. Paragraphs stay paragraphs, a single line break stays
 * a line break, cited clauses become short links to their text, ticket ids, order numbers and
 * amounts are emphasised.
 */

export interface ClauseRef {
  id: string;
  /** The clause's name as the bot's text spells it ("《退款与售后规则》第5条（卡密无效、无法激活）"). */
  label: string | undefined;
  href: string;
}

/** Ticket ids, order numbers, amounts (¥98.00, 98 元, CNY 98). */
const EMPHASIS =
  /\bTK\d{6,}\b|\bKM\d{14}\b|[¥￥]\s?\d+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?\s?元|\bCNY\s?\d+(?:\.\d{1,2})?/g;
/** Every ASCII punctuation mark Markdown (CommonMark) lets a backslash escape that could start markup. */
const MARKUP = /[\\`*_{}[\]()#+\-!<>|~&]/g;

export const escapeMarkdown = (text: string): string =>
  text.replace(MARKUP, (ch) => `\\${ch}`).replace(/^(\s*\d+)\./gm, '$1\\.');

/** "《退款与售后规则》第5条" for "《退款与售后规则》第5条（卡密无效、无法激活）": the name without its gloss. */
export function shortName(label: string): string {
  const short = label.replace(/\s*[（(][^（）()]*[）)]\s*$/, '').trim();
  return short.length > 0 ? short : label;
}

interface Span {
  start: number;
  end: number;
  markdown: string;
}

/** Markdown for one paragraph: links and emphasis on the raw text, everything else escaped. */
function paragraph(text: string, clauses: readonly ClauseRef[]): string {
  const spans: Span[] = [];
  const free = (start: number, end: number) => spans.every((s) => end <= s.start || start >= s.end);
  for (const clause of clauses) {
    for (const name of [clause.label, clause.id]) {
      if (!name) continue;
      let at = text.indexOf(name);
      let found = false;
      while (at >= 0) {
        if (free(at, at + name.length)) {
          const short = escapeMarkdown(shortName(name));
          const title = name.replace(/"/g, '\\"');
          spans.push({ start: at, end: at + name.length, markdown: `[${short}](${clause.href} "${title}")` });
          found = true;
        }
        at = text.indexOf(name, at + name.length);
      }
      if (found) break;
    }
  }
  for (const m of text.matchAll(EMPHASIS)) {
    const start = m.index ?? 0;
    if (free(start, start + m[0].length)) {
      spans.push({ start, end: start + m[0].length, markdown: `**${escapeMarkdown(m[0])}**` });
    }
  }
  spans.sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const span of spans) {
    out += escapeMarkdown(text.slice(at, span.start)) + span.markdown;
    at = span.end;
  }
  return out + escapeMarkdown(text.slice(at));
}

/** Plain bot text → Markdown: blank lines separate paragraphs (never empty ones), line breaks are kept. */
export function botMarkdown(text: string, clauses: readonly ClauseRef[] = []): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((block) =>
      block
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line.length > 0)
        .map((line) => paragraph(line, clauses))
        .join('\\\n'),
    )
    .filter((block) => block.length > 0)
    .join('\n\n');
}
