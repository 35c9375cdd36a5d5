/**
 * Canonical JSON and the entry hash of the transcript chain (SPEC §8, docs/transcript.md).
 *
 * Canonical JSON (the JSON Canonicalization Scheme of RFC 8785, restricted to what entries hold):
 * - objects: members sorted by key, compared as UTF-16 code units (JavaScript's default sort);
 *   members whose value is `undefined` are left out;
 * - arrays keep their order; no whitespace anywhere;
 * - strings as `JSON.stringify` writes them (escapes only `"`, `\`, and control characters; no
 *   `\u` escapes for other characters), encoded as UTF-8 for hashing;
 * - numbers as `JSON.stringify` writes them (the ECMAScript shortest round-trip form, as RFC 8785
 *   asks); `NaN`, `Infinity` and `-0` are refused (-0 would print as `0` and hide a change);
 * - `true`, `false`, `null` as themselves. Anything else (functions, bigint, dates) is refused.
 *
 * The hashed form of an entry is the canonical JSON of
 * `{v: 1, conversationId, seq, at, direction, channel, actor, type, payloadHash, attachments}`
 * where `payloadHash = sha256hex(canonical JSON of the payload)` and `attachments` is the list of
 * `{sha256, mime, bytes, name}`. Then `hash = sha256hex(prevHash + that JSON)`, with `prevHash` the
 * previous entry's hash, or 64 zeros (`GENESIS_HASH`) for seq 1.
 * Committing to the payload through its digest is what lets retention remove a message body while
 * the chain stays verifiable: a purged entry keeps `payloadHash` and nothing else of the payload.
 */
import { hash } from 'node:crypto';
import type { AttachmentRef, TranscriptEntry } from '../ports/transcript-store.js';

export const GENESIS_HASH = '0'.repeat(64);
export const CANONICAL_VERSION = 1;

export class CanonicalJsonError extends Error {
  override readonly name = 'CanonicalJsonError';
}

/** Characters `JSON.stringify` escapes (surrogates: only lone ones, but any sends it the slow way). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what JSON escapes
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** A string as `JSON.stringify` writes it; most have nothing to escape, and a regex test is cheaper. */
export function quote(s: string): string {
  return NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : `"${s}"`;
}

export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalJsonError(`not a finite number: ${value}`);
      if (Object.is(value, -0)) throw new CanonicalJsonError('-0 has no canonical form');
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) throw new CanonicalJsonError('only plain objects');
      const record = value as Record<string, unknown>;
      let out = '';
      for (const k of Object.keys(record).sort()) {
        const member = record[k];
        if (member !== undefined) out += `${out ? ',' : ''}${quote(k)}:${canonicalJson(member)}`;
      }
      return `{${out}}`;
    }
    default:
      throw new CanonicalJsonError(`a ${typeof value} has no JSON form`);
  }
}

export function sha256Hex(data: string | Uint8Array): string {
  return hash('sha256', data, 'hex');
}

export function payloadHash(payload: unknown): string {
  return sha256Hex(canonicalJson(payload));
}

/** The fields of an entry that its hash covers, with the payload already reduced to its digest. */
export interface HashedFields {
  conversationId: string;
  seq: number;
  at: string;
  direction: TranscriptEntry['direction'];
  channel: TranscriptEntry['channel'];
  actor: string;
  type: TranscriptEntry['type'];
  payloadHash: string;
  attachments: readonly AttachmentRef[];
}

const str = quote;

/**
 * Same output as `canonicalJson` of the object in the module comment, written out with its keys
 * already in sorted order: this runs once per entry on every append and verify.
 */
export function canonicalEntry(f: HashedFields): string {
  const attachments = f.attachments
    .map(
      (a) =>
        `{"bytes":${canonicalJson(a.bytes)},"mime":${str(a.mime)},"name":${str(a.name)},"sha256":${str(a.sha256)}}`,
    )
    .join(',');
  return (
    `{"actor":${str(f.actor)},"at":${str(f.at)},"attachments":[${attachments}],"channel":${str(f.channel)},` +
    `"conversationId":${str(f.conversationId)},"direction":${str(f.direction)},"payloadHash":${str(f.payloadHash)},` +
    `"seq":${canonicalJson(f.seq)},"type":${str(f.type)},"v":${CANONICAL_VERSION}}`
  );
}

/** The generic form of `canonicalEntry`, kept to test that the two agree. */
export function canonicalEntryGeneric(fields: HashedFields): string {
  return canonicalJson({
    v: CANONICAL_VERSION,
    conversationId: fields.conversationId,
    seq: fields.seq,
    at: fields.at,
    direction: fields.direction,
    channel: fields.channel,
    actor: fields.actor,
    type: fields.type,
    payloadHash: fields.payloadHash,
    attachments: fields.attachments.map((a) => ({ sha256: a.sha256, mime: a.mime, bytes: a.bytes, name: a.name })),
  });
}

export function entryHash(prevHash: string, fields: HashedFields): string {
  return sha256Hex(prevHash + canonicalEntry(fields));
}
