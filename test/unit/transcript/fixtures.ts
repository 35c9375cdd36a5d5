import type { RecordInput } from '../../../src/ports/recorder.js';
import type { TranscriptStore } from '../../../src/ports/transcript-store.js';

export const PNG_1x1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
export const PDF_MINI = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n', 'latin1');
export const ELF_EXE = Buffer.concat([
  Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]),
  Buffer.alloc(120),
]);

export const say = (text: string): RecordInput => ({
  direction: 'in',
  channel: 'rest',
  actor: 'buyer-1',
  type: 'text',
  payload: { text },
});

export const reply = (text: string): RecordInput => ({
  direction: 'out',
  channel: 'rest',
  actor: 'bot',
  type: 'text',
  payload: { text, citations: ['RP-03'] },
});

/** A clock that moves one second per call, from a fixed start. */
export function steppingClock(start = '2026-11-26T10:00:00.000Z'): () => Date {
  let t = Date.parse(start);
  return () => {
    t += 1000;
    return new Date(t);
  };
}

/** A store that delegates to `inner` except for the methods given. */
export function wrapStore(inner: TranscriptStore, overrides: Partial<TranscriptStore>): TranscriptStore {
  return {
    append: (e) => inner.append(e),
    head: (c) => inner.head(c),
    list: (c, o) => inner.list(c, o),
    count: (c) => inner.count(c),
    expired: (b, l, a) => inner.expired(b, l, a),
    markPurged: (m) => inner.markPurged(m),
    countAttachmentRefs: (s, n) => inner.countAttachmentRefs(s, n),
    ...overrides,
  };
}
