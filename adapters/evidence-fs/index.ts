/**
 * Evidence uploads on the file system, by content hash: DATA_DIR/attachments/ab/cd/<sha256>.
 * The type is sniffed from the bytes (file-type), never taken from the name or the claimed type;
 * the name is kept for display only and never reaches a path. Writes go to a temporary file and
 * are linked into place, so an existing blob is never overwritten.
 */
import { createHash, randomBytes } from 'node:crypto';
import { link, mkdir, open, readFile, rm, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { fileTypeFromBuffer } from 'file-type';
import type { InboundAttachment } from '../../src/core/messages.js';
import type { AttachmentStore } from '../../src/ports/attachment-store.js';
import type { EvidenceIntake, UploadResult } from '../../src/ports/evidence.js';
import { describeRejection, displayName, isAllowedMime } from '../../src/transcript/uploads.js';

export interface FsEvidenceOptions {
  /** Directory for the blobs, e.g. DATA_DIR/attachments. */
  root: string;
  maxBytes: number;
  /** Metadata (who uploaded what, when); optional so the blob store can be used alone. */
  attachments?: AttachmentStore;
  now?: () => Date;
}

const SHA256 = /^[0-9a-f]{64}$/;

export class FsEvidenceStore implements EvidenceIntake {
  readonly #root: string;
  readonly #maxBytes: number;
  readonly #attachments: AttachmentStore | undefined;
  readonly #now: () => Date;

  constructor(options: FsEvidenceOptions) {
    this.#root = options.root;
    this.#maxBytes = options.maxBytes;
    this.#attachments = options.attachments;
    this.#now = options.now ?? (() => new Date());
  }

  async accept(conversationId: string, upload: InboundAttachment): Promise<UploadResult> {
    const size = upload.bytes.byteLength;
    if (size === 0) return reject('empty', size);
    if (size > this.#maxBytes) return reject('too_large', size, undefined, this.#maxBytes);
    const detected = await fileTypeFromBuffer(upload.bytes);
    if (!detected || !isAllowedMime(detected.mime)) return reject('type_not_allowed', size, detected?.mime);
    const sha256 = createHash('sha256').update(upload.bytes).digest('hex');
    await this.#writeOnce(sha256, upload.bytes);
    const name = displayName(upload.name, detected.ext, sha256);
    await this.#attachments?.put({
      sha256,
      mime: detected.mime,
      bytes: size,
      name,
      conversationId,
      createdAt: this.#now().toISOString(),
    });
    return { ok: true, attachment: { sha256, mime: detected.mime, bytes: size, name } };
  }

  async read(sha256: string): Promise<Uint8Array | null> {
    if (!SHA256.test(sha256)) return null;
    try {
      return await readFile(this.pathOf(sha256));
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  /** Deletes the bytes (retention). True when something was removed. */
  async remove(sha256: string): Promise<boolean> {
    if (!SHA256.test(sha256)) return false;
    try {
      await unlink(this.pathOf(sha256));
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  }

  /** The blob's path: derived from the hash only. */
  pathOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error('not a sha256');
    return join(this.#root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async #writeOnce(sha256: string, bytes: Uint8Array): Promise<void> {
    const target = this.pathOf(sha256);
    const dir = join(this.#root, sha256.slice(0, 2), sha256.slice(2, 4));
    await mkdir(dir, { recursive: true });
    const temp = join(dir, `.tmp-${randomBytes(8).toString('hex')}`);
    const file = await open(temp, 'wx', 0o640);
    try {
      await file.writeFile(bytes);
      await file.sync();
    } finally {
      await file.close();
    }
    try {
      // link() fails with EEXIST instead of replacing: same hash means same bytes, so keep the first.
      await link(temp, target);
    } catch (err) {
      if (!(err instanceof Error && 'code' in err && err.code === 'EEXIST')) throw err;
    } finally {
      await rm(temp, { force: true });
    }
  }
}

function reject(
  reason: 'empty' | 'too_large' | 'type_not_allowed',
  bytes: number,
  detectedMime?: string,
  maxBytes?: number,
): UploadResult {
  return {
    ok: false,
    reason,
    message: describeRejection(reason, { bytes, detectedMime, maxBytes }),
    bytes,
    ...(detectedMime ? { detectedMime } : {}),
  };
}

const isNotFound = (err: unknown): boolean => err instanceof Error && 'code' in err && err.code === 'ENOENT';
