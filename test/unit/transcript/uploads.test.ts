import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FsEvidenceStore } from '../../../adapters/evidence-fs/index.js';
import type { AttachmentMeta, AttachmentStore } from '../../../src/ports/attachment-store.js';
import { sha256Hex } from '../../../src/transcript/canonical.js';
import { MemoryTranscriptStore } from '../../../src/transcript/memory-store.js';
import { ChainRecorder } from '../../../src/transcript/recorder.js';
import { displayName, takeUpload } from '../../../src/transcript/uploads.js';
import { verifyStored } from '../../../src/transcript/verify.js';
import { ELF_EXE, PDF_MINI, PNG_1x1 } from './fixtures.js';

class MemoryAttachments implements AttachmentStore {
  readonly items: AttachmentMeta[] = [];
  async put(meta: AttachmentMeta) {
    this.items.push(meta);
  }
  async get(sha256: string) {
    return this.items.find((m) => m.sha256 === sha256) ?? null;
  }
  async listByConversation(id: string) {
    return this.items.filter((m) => m.conversationId === id);
  }
}

const C = 'telegram:42';

describe('uploads into the evidence store and the transcript', () => {
  let dir: string;
  let root: string;
  let evidence: FsEvidenceStore;
  let store: MemoryTranscriptStore;
  let recorder: ChainRecorder;
  let meta: MemoryAttachments;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rd-evidence-'));
    root = join(dir, 'attachments');
    meta = new MemoryAttachments();
    evidence = new FsEvidenceStore({ root, maxBytes: 10 * 1024 * 1024, attachments: meta });
    store = new MemoryTranscriptStore();
    recorder = new ChainRecorder({ store });
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const take = (name: string | undefined, bytes: Uint8Array, contentType?: string) =>
    takeUpload(evidence, recorder, {
      conversationId: C,
      channel: 'telegram',
      actor: 'tg:42',
      upload: { bytes, ...(name === undefined ? {} : { name }), ...(contentType ? { contentType } : {}) },
    });

  it('stores a PNG by content hash and records an attachment entry', async () => {
    const { result, entry } = await take('error.png', PNG_1x1, 'image/png');
    const sha = sha256Hex(PNG_1x1);
    expect(result).toEqual({
      ok: true,
      attachment: { sha256: sha, mime: 'image/png', bytes: PNG_1x1.byteLength, name: 'error.png' },
    });
    expect(entry).toMatchObject({ type: 'attachment', direction: 'in', attachments: [{ sha256: sha }] });
    expect(await readFile(join(root, sha.slice(0, 2), sha.slice(2, 4), sha))).toEqual(PNG_1x1);
    expect(meta.items).toMatchObject([{ sha256: sha, conversationId: C, mime: 'image/png' }]);
    expect((await verifyStored(store, C, { readAttachment: (s) => evidence.read(s) })).ok).toBe(true);
  });

  it('accepts a PDF', async () => {
    const { result } = await take('receipt.pdf', PDF_MINI);
    expect(result).toMatchObject({ ok: true, attachment: { mime: 'application/pdf', name: 'receipt.pdf' } });
  });

  it('rejects 0 bytes, with the reason recorded as an upload_rejected event', async () => {
    const { result, entry } = await take('empty.png', new Uint8Array(0));
    expect(result).toMatchObject({ ok: false, reason: 'empty', bytes: 0 });
    expect(entry).toMatchObject({
      type: 'event',
      direction: 'system',
      payload: { event: 'upload_rejected', data: { reason: 'empty', claimedName: 'empty.png', bytes: 0 } },
    });
  });

  it('rejects 50 MB before sniffing, naming the limit', async () => {
    const big = new Uint8Array(50 * 1024 * 1024);
    big.set(PNG_1x1);
    const { result, entry } = await take('huge.png', big);
    expect(result).toMatchObject({ ok: false, reason: 'too_large', bytes: 50 * 1024 * 1024 });
    if (!result.ok) expect(result.message).toContain('10 MB');
    expect(entry.payload).toMatchObject({ event: 'upload_rejected', data: { reason: 'too_large' } });
    expect(await readdir(dir)).toEqual([]);
  });

  it('stores a PNG named .pdf as a PNG, by its bytes', async () => {
    const { result, entry } = await take('invoice.pdf', PNG_1x1, 'application/pdf');
    expect(result).toMatchObject({ ok: true, attachment: { mime: 'image/png', name: 'invoice.pdf.png' } });
    expect(entry.payload).toEqual({ claimedName: 'invoice.pdf', claimedType: 'application/pdf' });
  });

  it('rejects an executable named .png, recording what it really is', async () => {
    const { result, entry } = await take('screenshot.png', ELF_EXE, 'image/png');
    expect(result).toMatchObject({ ok: false, reason: 'type_not_allowed', detectedMime: 'application/x-elf' });
    expect(entry.payload).toMatchObject({
      event: 'upload_rejected',
      data: { reason: 'type_not_allowed', detectedMime: 'application/x-elf', claimedName: 'screenshot.png' },
    });
    expect(await readdir(dir)).toEqual([]);
  });

  it('rejects text that claims to be an image', async () => {
    const { result } = await take('x.png', new TextEncoder().encode('#!/bin/sh\nrm -rf /\n'), 'image/png');
    expect(result).toMatchObject({ ok: false, reason: 'type_not_allowed' });
  });

  it('never lets a name like ../../etc/passwd reach the file system', async () => {
    const { result } = await take('../../etc/passwd', PNG_1x1);
    expect(result).toMatchObject({ ok: true, attachment: { name: 'passwd.png' } });
    const sha = sha256Hex(PNG_1x1);
    expect(await readdir(root)).toEqual([sha.slice(0, 2)]);
    expect(await readdir(dir)).toEqual(['attachments']);
  });

  it('does not overwrite an existing blob, and a repeat upload is harmless', async () => {
    await take('a.png', PNG_1x1);
    const sha = sha256Hex(PNG_1x1);
    const path = evidence.pathOf(sha);
    await writeFile(path, 'tampered');
    const { result } = await take('b.png', PNG_1x1);
    expect(result.ok).toBe(true);
    expect(await readFile(path, 'utf8')).toBe('tampered');
    const files = await readdir(join(root, sha.slice(0, 2), sha.slice(2, 4)));
    expect(files).toEqual([sha]);
  });

  it('reads by hash only, and removes bytes', async () => {
    await take('a.png', PNG_1x1);
    const sha = sha256Hex(PNG_1x1);
    expect(await evidence.read('../../etc/passwd')).toBeNull();
    expect(await evidence.read('0'.repeat(64))).toBeNull();
    expect(await evidence.remove(sha)).toBe(true);
    expect(await evidence.read(sha)).toBeNull();
    expect(await evidence.remove(sha)).toBe(false);
  });
});

describe('displayName', () => {
  const sha = 'ab'.repeat(32);
  it.each([
    ['photo.jpeg', 'jpg', 'photo.jpeg'],
    ['C:\\Users\\me\\shot.PNG', 'png', 'shot.PNG'],
    ['..', 'png', `upload-${sha.slice(0, 12)}.png`],
    [undefined, 'pdf', `upload-${sha.slice(0, 12)}.pdf`],
    ['evil\u202Egnp.exe', 'png', 'evilgnp.exe.png'],
    ['.htaccess', 'gif', 'htaccess.gif'],
  ])('%s → %s', (claimed, ext, expected) => {
    expect(displayName(claimed, ext, sha)).toBe(expected);
  });
});
