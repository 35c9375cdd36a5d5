/** Reading request bodies at the boundary: size-limited, parsed, validated, with errors that name the problem. */
import type { Context } from 'hono';
import type { z } from 'zod';
import { ApiError } from './errors.js';

export const DEFAULT_JSON_LIMIT = 1024 * 1024;

export async function readLimited(request: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    throw new ApiError(413, 'payload_too_large', `request body is larger than ${maxBytes} bytes`);
  }
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new ApiError(413, 'payload_too_large', `request body is larger than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** Formats zod issues as `path: message` lines for error responses. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.length > 0 ? i.path.join('.') : '(body)'}: ${i.message}`);
}

export async function readJson<S extends z.ZodTypeAny>(
  c: Context,
  schema: S,
  options: { maxBytes?: number } = {},
): Promise<z.infer<S>> {
  const type = c.req.header('content-type') ?? '';
  if (type && !/^application\/(.+\+)?json\b/i.test(type)) {
    throw new ApiError(415, 'unsupported_media_type', `expected application/json, got ${type.slice(0, 100)}`);
  }
  const bytes = await readLimited(c.req.raw, options.maxBytes ?? DEFAULT_JSON_LIMIT);
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: false }).decode(bytes));
  } catch (err) {
    throw new ApiError(400, 'malformed_json', `request body is not valid JSON: ${(err as Error).message}`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issues = describeIssues(parsed.error);
    throw new ApiError(422, 'invalid_body', issues.join('; '), issues);
  }
  return parsed.data;
}
