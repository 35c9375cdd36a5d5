/**
 * Reads one YAML file of the bot definition and validates it with its zod schema. A bad file is
 * a DefinitionError naming the file and the path inside it, so start-up can stop with a clear cause.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { z } from 'zod';

export class DefinitionError extends Error {
  override readonly name = 'DefinitionError';
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(`${file}: ${problems.join('; ')}`);
  }
}

export function parseDefinition<S extends z.ZodTypeAny>(file: string, source: string, schema: S): z.output<S> {
  let value: unknown;
  try {
    value = parse(source, { prettyErrors: true });
  } catch (err) {
    throw new DefinitionError(file, [`not valid YAML: ${(err as Error).message}`]);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new DefinitionError(
      file,
      parsed.error.issues.map((i) => `${i.path.length > 0 ? i.path.join('.') : '(file)'}: ${i.message}`),
    );
  }
  return parsed.data;
}

export function loadDefinition<S extends z.ZodTypeAny>(file: string, schema: S): z.output<S> {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (err) {
    throw new DefinitionError(file, [`cannot be read: ${(err as Error).message}`]);
  }
  return parseDefinition(file, source, schema);
}
