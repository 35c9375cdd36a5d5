import type { Channel } from '../../src/core/domain.js';
import type { JsonValue } from '../../src/core/json.js';
import {
  type AttachmentRef,
  type Direction,
  type EntryType,
  SeqConflictError,
  type StoredTranscriptEntry,
  type TranscriptEntry,
  type TranscriptStore,
} from '../../src/ports/transcript-store.js';
import { CanonicalJsonError, canonicalJson } from '../../src/transcript/canonical.js';
import type { SqliteDatabase } from './database.js';

/** Rows are read as arrays in this column order: better-sqlite3 builds those about twice as fast as objects. */
const COLUMNS =
  'conversation_id, seq, at, direction, channel, actor, type, payload, attachments, prev_hash, hash, purged_payload_hash, purged_at';
type Row = [
  conversationId: string,
  seq: number,
  at: string,
  direction: string,
  channel: string,
  actor: string,
  type: string,
  payload: string,
  attachments: string,
  prevHash: string,
  hash: string,
  purgedPayloadHash: string | null,
  purgedAt: string | null,
];

const toStored = (r: Row): StoredTranscriptEntry => {
  const [
    conversationId,
    seq,
    at,
    direction,
    channel,
    actor,
    type,
    payload,
    attachments,
    prevHash,
    hash,
    purgedHash,
    purgedAt,
  ] = r;
  return {
    conversationId,
    seq,
    at,
    direction: direction as Direction,
    channel: channel as Channel,
    actor,
    type: type as EntryType,
    payloadJson: payload,
    attachments: attachments === '[]' ? [] : (JSON.parse(attachments) as AttachmentRef[]),
    prevHash,
    hash,
    ...(purgedHash && purgedAt ? { purged: { payloadHash: purgedHash, purgedAt } } : {}),
  };
};

const toEntry = (r: Row): TranscriptEntry => {
  const { payloadJson, ...fields } = toStored(r);
  return { ...fields, payload: JSON.parse(payloadJson) as JsonValue };
};

/**
 * Payloads are stored as canonical JSON (docs/transcript.md), so that verification can hash the
 * stored text as it is; one that has no canonical form (the recorder refuses those) as JSON.
 */
function payloadText(payload: JsonValue): string {
  try {
    return canonicalJson(payload);
  } catch (err) {
    if (err instanceof CanonicalJsonError) return JSON.stringify(payload);
    throw err;
  }
}

interface PendingAppend {
  entry: TranscriptEntry;
  resolve: () => void;
  reject: (err: unknown) => void;
}

export function sqliteTranscriptStore(db: SqliteDatabase): TranscriptStore {
  const insert = db.prepare(
    `INSERT INTO transcript_entries (conversation_id, seq, at, direction, channel, actor, type, payload, attachments, prev_hash, hash)
     VALUES (@conversationId, @seq, @at, @direction, @channel, @actor, @type, @payload, @attachments, @prevHash, @hash)`,
  );
  const head = db.prepare<[string], { seq: number; hash: string }>(
    'SELECT seq, hash FROM transcript_entries WHERE conversation_id = ? ORDER BY seq DESC LIMIT 1',
  );
  const list = db
    .prepare<[string, number, number], Row>(
      `SELECT ${COLUMNS} FROM transcript_entries WHERE conversation_id = ? AND seq >= ? ORDER BY seq LIMIT ?`,
    )
    .raw(true);
  const count = db.prepare<[string], { n: number }>(
    'SELECT COUNT(*) AS n FROM transcript_entries WHERE conversation_id = ?',
  );

  const expired = db
    .prepare<[string, string, string, number, number], Row>(
      `SELECT ${COLUMNS} FROM transcript_entries
       WHERE purged_at IS NULL AND at < ? AND (at, conversation_id, seq) > (?, ?, ?)
       ORDER BY at, conversation_id, seq LIMIT ?`,
    )
    .raw(true);
  const purge = db.prepare(
    `UPDATE transcript_entries SET payload = 'null', purged_payload_hash = @payloadHash, purged_at = @purgedAt
     WHERE conversation_id = @conversationId AND seq = @seq`,
  );
  const purgeAll = db.transaction((marks: Parameters<TranscriptStore['markPurged']>[0]) => {
    for (const m of marks) purge.run({ conversationId: m.conversationId, seq: m.seq, ...m.marker });
  });
  // Hex digests contain no LIKE wildcards; the JSON check keeps a match inside another field out.
  const refs = db.prepare<[string, string, string], { n: number }>(
    `SELECT COUNT(*) AS n FROM transcript_entries
     WHERE purged_at IS NULL AND at >= ? AND attachments <> '[]' AND instr(attachments, ?) > 0
       AND EXISTS (SELECT 1 FROM json_each(attachments) WHERE json_extract(value, '$.sha256') = ?)`,
  );

  /**
   * Group commit: appends made in the same turn of the event loop (many conversations at once) are
   * written in one transaction, each promise settling after the commit. Throughput stays high even
   * with `synchronous = FULL`, and no append resolves before its entry is committed.
   */
  let pending: PendingAppend[] = [];
  const insertAll = db.transaction((batch: PendingAppend[]) =>
    batch.map(({ entry }) => {
      try {
        insert.run({
          conversationId: entry.conversationId,
          seq: entry.seq,
          at: entry.at,
          direction: entry.direction,
          channel: entry.channel,
          actor: entry.actor,
          type: entry.type,
          payload: payloadText(entry.payload),
          attachments: JSON.stringify(entry.attachments),
          prevHash: entry.prevHash,
          hash: entry.hash,
        });
        return null;
      } catch (err) {
        // A failed INSERT undoes only itself; the others in the batch still commit.
        if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
          return new SeqConflictError(entry.conversationId, entry.seq);
        }
        return err;
      }
    }),
  );
  function flush(): void {
    const batch = pending;
    pending = [];
    let outcomes: unknown[];
    try {
      outcomes = insertAll(batch);
    } catch (err) {
      for (const p of batch) p.reject(err);
      return;
    }
    for (const [i, p] of batch.entries()) {
      if (outcomes[i] === null) p.resolve();
      else p.reject(outcomes[i]);
    }
  }

  return {
    async expired(before, limit, after) {
      return expired.all(before, after?.at ?? '', after?.conversationId ?? '', after?.seq ?? -1, limit).map(toEntry);
    },
    async markPurged(marks) {
      purgeAll(marks);
    },
    async countAttachmentRefs(sha256, notBefore = '') {
      return refs.get(notBefore, sha256, sha256)?.n ?? 0;
    },
    append(entry) {
      return new Promise<void>((resolve, reject) => {
        pending.push({ entry, resolve, reject });
        if (pending.length === 1) setImmediate(flush);
      });
    },
    async head(conversationId) {
      return head.get(conversationId) ?? null;
    },
    async list(conversationId, options = {}) {
      return list.all(conversationId, options.fromSeq ?? 0, options.limit ?? -1).map(toEntry);
    },
    async listStored(conversationId, options = {}) {
      return list.all(conversationId, options.fromSeq ?? 0, options.limit ?? -1).map(toStored);
    },
    async count(conversationId) {
      return count.get(conversationId)?.n ?? 0;
    },
  };
}
