/**
 * A clause cut into passages for the vector index: each top-level list item (with its continuation
 * lines and nested items) or paragraph, prefixed with the clause title. A buyer's short question is
 * about one point of a clause; compared with the whole clause its vector drowns in the other points,
 * compared with the point it answers it does not.
 */
import type { Clause } from '../ports/retriever.js';

const ITEM = /^[-*+]\s|^\d+[.)]\s/;

export function clausePassages(clause: Pick<Clause, 'title' | 'text'>): string[] {
  const blocks: string[][] = [];
  let current: string[] | undefined;
  let inItem = false;
  for (const line of clause.text.split('\n')) {
    const indented = /^\s/.test(line);
    if (line.trim() === '') {
      current = undefined;
    } else if (!current || ITEM.test(line) || (inItem && !indented)) {
      // A new item, or a paragraph right after a list: a passage of its own.
      current = [line.trim()];
      blocks.push(current);
      inItem = ITEM.test(line);
    } else {
      current.push(line.trim()); // continuation line or nested item
    }
  }
  const passages = blocks.map((b) => `${clause.title}\n${b.join(' ')}`);
  return passages.length > 0 ? passages : [clause.title];
}
