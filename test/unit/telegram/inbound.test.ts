import type { Message } from 'grammy/types';
import { describe, expect, it } from 'vitest';
import { fileOf, largestPhoto, wordsOf } from '../../../adapters/telegram/inbound.js';

const base = { message_id: 1, date: 0, chat: { id: 5, type: 'private', first_name: 'A' } } as const;

describe('Telegram message → inbound parts', () => {
  it('picks the largest photo size', () => {
    const sizes = [
      { file_id: 's', file_unique_id: 's', width: 90, height: 90, file_size: 900 },
      { file_id: 'l', file_unique_id: 'l', width: 1280, height: 960, file_size: 90_000 },
      { file_id: 'm', file_unique_id: 'm', width: 320, height: 240, file_size: 9_000 },
    ];
    expect(largestPhoto(sizes)?.file_id).toBe('l');
    expect(largestPhoto([])).toBeUndefined();
  });

  it('describes a photo and a document, and takes a caption as the words', () => {
    const photo = {
      ...base,
      caption: '截图',
      photo: [{ file_id: 'p', file_unique_id: 'u1', width: 10, height: 10, file_size: 100 }],
    } as Message;
    expect(fileOf(photo)).toEqual({ fileId: 'p', size: 100, name: 'photo-u1.jpg', contentType: 'image/jpeg' });
    expect(wordsOf(photo)).toBe('截图');

    const doc = {
      ...base,
      document: { file_id: 'd', file_unique_id: 'u2', file_name: 'pay.pdf', mime_type: 'application/pdf' },
    } as Message;
    expect(fileOf(doc)).toEqual({ fileId: 'd', name: 'pay.pdf', contentType: 'application/pdf' });
    expect(wordsOf(doc)).toBeUndefined();
    expect(fileOf({ ...base, text: 'hi' } as Message)).toBeNull();
  });
});
