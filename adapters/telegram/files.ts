/** Downloads a buyer's photo or document through getFile, within Telegram's 20 MB bot download limit. */
import type { Api } from 'grammy';
import type { FileRef } from './inbound.js';
import { FILE_LIMIT_BYTES } from './texts.js';

export type Download =
  | { ok: true; bytes: Uint8Array }
  | { ok: false; reason: 'too_large'; size?: number }
  | { ok: false; reason: 'failed'; error: string };

export interface FileSource {
  api: Api;
  /** `https://api.telegram.org` or the emulator's root. */
  apiRoot: string;
  token: string;
  limitBytes?: number;
}

export async function downloadFile(source: FileSource, ref: FileRef): Promise<Download> {
  const limit = source.limitBytes ?? FILE_LIMIT_BYTES;
  if (ref.size !== undefined && ref.size > limit) return { ok: false, reason: 'too_large', size: ref.size };
  try {
    const file = await source.api.getFile(ref.fileId);
    if (file.file_size !== undefined && file.file_size > limit)
      return { ok: false, reason: 'too_large', size: file.file_size };
    // Telegram answers getFile for big files without a path: it will not serve them to bots.
    if (!file.file_path) return { ok: false, reason: 'too_large', ...(ref.size ? { size: ref.size } : {}) };
    const response = await fetch(`${source.apiRoot}/file/bot${source.token}/${file.file_path}`);
    if (!response.ok || !response.body) return { ok: false, reason: 'failed', error: `HTTP ${response.status}` };
    const chunks: Uint8Array[] = [];
    let total = 0;
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > limit) {
        await reader.cancel();
        return { ok: false, reason: 'too_large', size: total };
      }
      chunks.push(value);
    }
    return { ok: true, bytes: Buffer.concat(chunks) };
  } catch (err) {
    // A "file is too big" answer from the Bot API is the same limit, reached another way.
    const message = err instanceof Error ? err.message : String(err);
    if (/too big/i.test(message)) return { ok: false, reason: 'too_large', ...(ref.size ? { size: ref.size } : {}) };
    return { ok: false, reason: 'failed', error: message };
  }
}
