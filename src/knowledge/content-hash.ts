/** A content hash of the knowledge directory: the vector index is rebuilt only when it changes. */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** sha256 over every non-hidden file's relative path and bytes, in path order. */
export function knowledgeHash(dir: string): string {
  const files = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !e.name.startsWith('.'))
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
    .filter((f) => !f.split('/').some((part) => part.startsWith('.')))
    .sort();
  const hash = createHash('sha256');
  for (const file of files) {
    const digest = createHash('sha256')
      .update(readFileSync(join(dir, file)))
      .digest('hex');
    hash.update(`${file}\u0000${digest}\n`);
  }
  return hash.digest('hex');
}
