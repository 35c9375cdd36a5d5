/** Reading request bodies at the boundary: size-limited, parsed, validated, with errors that name the problem. */
import type { Context } from 'hono';
import type { z } from 'zod';
import { ApiError } from './errors.js';

export const DEFAULT_JSON_LIMIT = 1024 * 1024;
/**
 * Parsing cost grows with the number of JSON tokens, not bytes: a megabyte of `{"a":1,…}` takes far
 * longer than a megabyte-long string. Bodies are counted while they arrive and refused beyond this.
 */
export const DEFAULT_JSON_TOKENS = 20_000;

/**
 * Request bytes being held in memory, all requests together. A lease takes bytes as chunks arrive
 * and gives them back when the request is done; when the budget is spent the request is refused
 * (503, retry) instead of letting memory grow with the number of concurrent uploads.
 */
export class BodyBudget {
  #inUse = 0;
  constructor(readonly maxBytes: number) {}

  lease(): { take(bytes: number): void; release(): void } {
    let held = 0;
    return {
      take: (bytes) => {
        if (this.#inUse + bytes > this.maxBytes) {
          throw new ApiError(503, 'busy', 'too many uploads are being received right now; retry in a few seconds');
        }
        this.#inUse += bytes;
        held += bytes;
      },
      release: () => {
        this.#inUse -= held;
        held = 0;
      },
    };
  }
}

export interface ReadOptions {
  /** Called with each chunk as it arrives (before it is kept): count it, inspect it, throw to refuse. */
  onChunk?: (chunk: Uint8Array) => void;
}

export async function readLimited(request: Request, maxBytes: number, options: ReadOptions = {}): Promise<Uint8Array> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    throw new ApiError(413, 'payload_too_large', `request body is larger than ${maxBytes} bytes`);
  }
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  // With a declared length the bytes go straight into one buffer (no second copy to join chunks).
  const into = Number.isFinite(declared) && declared > 0 ? Buffer.allocUnsafe(declared) : null;
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (total + value.byteLength > maxBytes) {
        throw new ApiError(413, 'payload_too_large', `request body is larger than ${maxBytes} bytes`);
      }
      options.onChunk?.(value);
      if (into && total + value.byteLength <= into.length) into.set(value, total);
      else chunks.push(value);
      total += value.byteLength;
    }
  } catch (err) {
    await reader.cancel().catch(() => undefined);
    throw err;
  }
  if (into && chunks.length === 0) return into.subarray(0, total);
  if (into) return Buffer.concat([into.subarray(0, total - chunks.reduce((n, c) => n + c.byteLength, 0)), ...chunks]);
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}

/**
 * Counts JSON tokens (values, keys) outside strings as the bytes arrive, across chunk boundaries,
 * and throws 413 beyond `max`. Linear in the body and cheap: one pass over bytes already in memory.
 */
export function jsonTokenLimit(max: number): (chunk: Uint8Array) => void {
  let inString = false;
  let escaped = false;
  let tokens = 0;
  return (chunk) => {
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (inString) {
        if (escaped) escaped = false;
        else if (b === 0x5c) escaped = true;
        else if (b === 0x22) inString = false;
        continue;
      }
      // '"' opens a string; ',' ':' '[' '{' each start another token.
      if (b === 0x22) inString = true;
      else if (b !== 0x2c && b !== 0x3a && b !== 0x5b && b !== 0x7b) continue;
      if (++tokens > max) {
        throw new ApiError(413, 'too_complex', `request body has more than ${max} JSON tokens`);
      }
    }
  };
}

/** Formats zod issues as `path: message` lines for error responses. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.length > 0 ? i.path.join('.') : '(body)'}: ${i.message}`);
}

export async function readJson<S extends z.ZodTypeAny>(
  c: Context,
  schema: S,
  options: { maxBytes?: number; maxTokens?: number; onChunk?: (chunk: Uint8Array) => void } = {},
): Promise<z.infer<S>> {
  const type = c.req.header('content-type') ?? '';
  if (type && !/^application\/(.+\+)?json\b/i.test(type)) {
    throw new ApiError(415, 'unsupported_media_type', `expected application/json, got ${type.slice(0, 100)}`);
  }
  const countTokens = jsonTokenLimit(options.maxTokens ?? DEFAULT_JSON_TOKENS);
  const bytes = await readLimited(c.req.raw, options.maxBytes ?? DEFAULT_JSON_LIMIT, {
    onChunk: (chunk) => {
      options.onChunk?.(chunk);
      countTokens(chunk);
    },
  });
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
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
