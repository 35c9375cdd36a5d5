/** Checks platform API responses against openapi/platform.yaml (ajv, JSON Schema 2020-12). */
import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { parse } from 'yaml';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
interface Operation {
  responses: Record<string, { $ref?: string; content?: Record<string, { schema: Json }> }>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { responses: Record<string, { content?: Record<string, { schema: Json }> }> };
}

const DOC_ID = 'urn:refund-desk:platform';
export const OPENAPI_FILE = new URL('../../openapi/platform.yaml', import.meta.url);

export function loadOpenApi(file: URL = OPENAPI_FILE) {
  const raw = parse(readFileSync(file, 'utf8')) as Json;
  const doc = rebaseRefs(raw) as unknown as Document;
  const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
  ajv.addSchema({ ...(doc as unknown as Record<string, Json>), $id: DOC_ID });
  const compiled = new Map<string, ValidateFunction>();
  const templates = Object.keys(doc.paths).map((template) => ({
    template,
    pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
  }));

  return {
    document: raw,
    /** Problems with one response, or [] when it matches the document. */
    check(method: string, path: string, status: number, body: unknown): string[] {
      const match = templates.find((t) => t.pattern.test(path));
      if (!match) return [`${method} ${path}: no such path in the document`];
      const operation = doc.paths[match.template]![method.toLowerCase()];
      if (!operation) return [`${method} ${match.template}: no such operation in the document`];
      let response = operation.responses[String(status)];
      if (!response) return [`${method} ${match.template}: status ${status} is not documented`];
      if (response.$ref) response = doc.components.responses[response.$ref.split('/').pop()!]!;
      const schema = response.content?.['application/json']?.schema;
      if (schema === undefined) return [];
      const key = `${method} ${match.template} ${status}`;
      let validate = compiled.get(key);
      if (!validate) {
        validate = ajv.compile(schema as object);
        compiled.set(key, validate);
      }
      if (validate(body)) return [];
      return (validate.errors ?? []).map((e) => `${key}: ${e.instancePath || '(body)'} ${e.message ?? ''}`);
    },
  };
}

/** `#/components/…` → `urn:…#/components/…`, so schemas compiled on their own resolve against the document. */
function rebaseRefs(value: Json): Json {
  if (Array.isArray(value)) return value.map(rebaseRefs);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        k === '$ref' && typeof v === 'string' && v.startsWith('#/components/schemas/')
          ? `${DOC_ID}${v}`
          : rebaseRefs(v),
      ]),
    );
  }
  return value;
}
