/**
 * OCR lines → visual rows. Text detectors cut a receipt row ("交易单号 … 4200…") into one or several
 * boxes depending on spacing; grouping boxes whose vertical centres line up gives back the rows a
 * person reads, each with its label (if any) and value.
 */
import type { TextLine } from '../ports/image-text-reader.js';

export interface Row {
  /** NFKC-folded text of the row, boxes joined left to right with a space. */
  text: string;
  /** The lowest confidence of its boxes. */
  confidence: number;
  /** The tallest box: big type (the amount) stands out. */
  height: number;
  top: number;
}

export function toRows(lines: readonly TextLine[]): Row[] {
  const centre = (l: TextLine) => l.box.y + l.box.height / 2;
  const sorted = lines.filter((l) => l.text.trim() !== '').sort((a, b) => centre(a) - centre(b));
  const groups: TextLine[][] = [];
  for (const line of sorted) {
    const group = groups.at(-1);
    const anchor = group?.[0];
    if (
      group &&
      anchor &&
      Math.abs(centre(line) - centre(anchor)) < 0.5 * Math.min(line.box.height, anchor.box.height)
    ) {
      group.push(line);
    } else {
      groups.push([line]);
    }
  }
  return groups.map((group) => {
    group.sort((a, b) => a.box.x - b.box.x);
    return {
      text: group
        .map((l) => l.text.normalize('NFKC').trim())
        .join(' ')
        .replace(/\s+/g, ' '),
      confidence: Math.min(...group.map((l) => l.confidence)),
      height: Math.max(...group.map((l) => l.box.height)),
      top: Math.min(...group.map((l) => l.box.y)),
    };
  });
}

/** The text after the first `count` non-space characters of `text` (a label folded without spaces). */
export function after(text: string, count: number): string {
  let seen = 0;
  let i = 0;
  while (i < text.length && seen < count) {
    if (!/\s/u.test(text[i]!)) seen++;
    i++;
  }
  return text
    .slice(i)
    .replace(/^[\s:：]+/u, '')
    .trim();
}
