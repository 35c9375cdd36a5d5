/** Telegram message → the parts of our InboundMessage. Pure functions over Bot API types. */
import type { Message, PhotoSize } from 'grammy/types';

export const conversationIdOf = (chatId: number): string => `telegram:${chatId}`;

/** A file the buyer sent, not downloaded yet. */
export interface FileRef {
  fileId: string;
  /** Size Telegram reports, when it does. */
  size?: number;
  name: string;
  /** As claimed by the client: the evidence store sniffs the bytes anyway. */
  contentType?: string;
}

/** Telegram sends every photo in several sizes; the largest one is the evidence. */
export function largestPhoto(sizes: readonly PhotoSize[]): PhotoSize | undefined {
  const area = (p: PhotoSize) => p.file_size ?? p.width * p.height;
  return sizes.reduce<PhotoSize | undefined>(
    (best, p) => (best === undefined || area(p) > area(best) ? p : best),
    undefined,
  );
}

export function fileOf(message: Message): FileRef | null {
  if (message.photo && message.photo.length > 0) {
    const photo = largestPhoto(message.photo);
    if (!photo) return null;
    return {
      fileId: photo.file_id,
      ...(photo.file_size === undefined ? {} : { size: photo.file_size }),
      name: `photo-${photo.file_unique_id}.jpg`,
      contentType: 'image/jpeg',
    };
  }
  if (message.document) {
    const d = message.document;
    return {
      fileId: d.file_id,
      ...(d.file_size === undefined ? {} : { size: d.file_size }),
      name: d.file_name ?? `document-${d.file_unique_id}`,
      ...(d.mime_type === undefined ? {} : { contentType: d.mime_type }),
    };
  }
  return null;
}

/** The words of a message: its text, or the caption of a photo or document. */
export const wordsOf = (message: Message): string | undefined => message.text ?? message.caption;
