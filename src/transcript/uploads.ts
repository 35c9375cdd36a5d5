/** Upload rules shared by evidence stores, and the one step that takes an upload into the transcript. */
import type { Channel } from '../core/domain.js';
import type { InboundAttachment } from '../core/messages.js';
import type { EvidenceIntake, UploadRejection, UploadResult } from '../ports/evidence.js';
import type { Recorder } from '../ports/recorder.js';
import type { TranscriptEntry } from '../ports/transcript-store.js';
import { eventPayload } from './recorder.js';

/** PNG, JPEG, WebP, GIF and PDF, as file-type names them when it reads the bytes. */
export const ALLOWED_MIMES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif', 'application/pdf'] as const;

export const isAllowedMime = (mime: string): boolean => (ALLOWED_MIMES as readonly string[]).includes(mime);

const MAX_NAME = 120;

/**
 * A name safe to show: the last path segment only, no control or bidi characters, trimmed, at most
 * 120 characters, ending in the extension of the sniffed type (a PNG named `x.pdf` becomes `x.pdf.png`).
 */
export function displayName(claimed: string | undefined, ext: string, sha256: string): string {
  const lastSegment = (claimed ?? '').split(/[/\\]/).pop() ?? '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  const cleaned = lastSegment.replace(/[\u0000-\u001f\u007f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '').trim();
  const base = cleaned.replace(/^\.+/, '').slice(0, MAX_NAME) || `upload-${sha256.slice(0, 12)}`;
  const lower = base.toLowerCase();
  const same = lower.endsWith(`.${ext}`) || (ext === 'jpg' && lower.endsWith('.jpeg'));
  return same ? base : `${base}.${ext}`;
}

const mb = (n: number): string => `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;

/** A plain-English reason, for logs, the transcript and as a fallback; the dialog has its own templates. */
export function describeRejection(
  reason: UploadRejection,
  facts: { bytes: number; detectedMime?: string | undefined; maxBytes?: number | undefined },
): string {
  switch (reason) {
    case 'empty':
      return 'The file is empty (0 bytes).';
    case 'too_large':
      return `The file is ${mb(facts.bytes)}; the limit is ${mb(facts.maxBytes ?? 0)}.`;
    case 'type_not_allowed':
      return `Only PNG, JPEG, WebP, GIF images and PDF documents are accepted; this file is ${
        facts.detectedMime ?? 'of an unrecognised type'
      }.`;
  }
}

export interface TakeUploadInput {
  conversationId: string;
  channel: Channel;
  actor: string;
  upload: InboundAttachment;
}

/**
 * Stores an upload and records it: an `attachment` entry when accepted, an `upload_rejected` event
 * with the reason when not. Resolves after the entry is written, with the result for the dialog.
 */
export async function takeUpload(
  intake: EvidenceIntake,
  recorder: Recorder,
  input: TakeUploadInput,
): Promise<{ result: UploadResult; entry: TranscriptEntry }> {
  const { conversationId, channel, actor, upload } = input;
  const result = await intake.accept(conversationId, upload);
  const claimed = {
    claimedName: (upload.name ?? '').slice(0, 300),
    claimedType: (upload.contentType ?? '').slice(0, 100),
  };
  const entry = result.ok
    ? await recorder.record(conversationId, {
        direction: 'in',
        channel,
        actor,
        type: 'attachment',
        payload: claimed,
        attachments: [result.attachment],
      })
    : await recorder.record(conversationId, {
        direction: 'system',
        channel,
        actor: 'refund-desk',
        type: 'event',
        payload: eventPayload('upload_rejected', {
          reason: result.reason,
          message: result.message,
          bytes: result.bytes,
          detectedMime: result.detectedMime ?? null,
          ...claimed,
        }),
      });
  return { result, entry };
}
