/**
 * Checking a transcript's hash chain for the ticket page. Interim: follows the scheme documented by
 * the transcript module (src/transcript/canonical.ts); app/console.ts wires that module's verifier
 * in once it is available.
 */
import { createHash } from 'node:crypto';
import type { TranscriptEntry } from '../ports/transcript-store.js';

export interface ChainReport {
  ok: boolean;
  entries: number;
  /** First entry whose hash or link does not check out. */
  broken?: { seq: number; reason: string };
  /** Whether the head hash recorded on the ticket is one of the chain's hashes. */
  containsHead: boolean;
}

export type ChainVerifier = (
  conversationId: string,
  entries: readonly TranscriptEntry[],
  ticketHead: string,
) => Promise<ChainReport>;

const GENESIS = '0'.repeat(64);
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const record = value as Record<string, unknown>;
  return `{${Object.keys(record)
    .filter((k) => record[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(record[k])}`)
    .join(',')}}`;
}

export function interimEntryHash(prevHash: string, e: Omit<TranscriptEntry, 'hash' | 'prevHash'>): string {
  return sha256(
    prevHash +
      canonical({
        v: 1,
        conversationId: e.conversationId,
        seq: e.seq,
        at: e.at,
        direction: e.direction,
        channel: e.channel,
        actor: e.actor,
        type: e.type,
        payloadHash: sha256(canonical(e.payload)),
        attachments: e.attachments.map((a) => ({ sha256: a.sha256, mime: a.mime, bytes: a.bytes, name: a.name })),
      }),
  );
}

export const interimVerifier: ChainVerifier = async (_conversationId, entries, ticketHead) => {
  let prev = GENESIS;
  let containsHead = false;
  for (const [i, e] of entries.entries()) {
    if (e.seq !== i + 1)
      return { ok: false, entries: entries.length, broken: { seq: i + 1, reason: 'missing' }, containsHead };
    if (e.prevHash !== prev)
      return { ok: false, entries: entries.length, broken: { seq: e.seq, reason: 'link' }, containsHead };
    if (interimEntryHash(prev, e) !== e.hash)
      return { ok: false, entries: entries.length, broken: { seq: e.seq, reason: 'hash' }, containsHead };
    if (e.hash === ticketHead) containsHead = true;
    prev = e.hash;
  }
  return { ok: true, entries: entries.length, containsHead };
};
