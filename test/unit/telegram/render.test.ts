import { describe, expect, it } from 'vitest';
import { citationLine, clauseName, renderMessage, splitText } from '../../../adapters/telegram/render.js';

describe('splitText', () => {
  it('keeps a short text whole', () => {
    expect(splitText('你好')).toEqual(['你好']);
  });

  it('splits at paragraph boundaries, each part within the limit', () => {
    const text = `${'a'.repeat(3000)}\n\n${'b'.repeat(3000)}`;
    expect(splitText(text, 4096)).toEqual(['a'.repeat(3000), 'b'.repeat(3000)]);
  });

  it('splits text without any break hard, never inside a surrogate pair', () => {
    const text = `a${'😀'.repeat(3000)}`;
    const parts = splitText(text, 4096);
    expect(parts.every((p) => p.length <= 4096)).toBe(true);
    expect(parts.join('')).toBe(text);
    for (const p of parts) expect(p).not.toMatch(/^[\udc00-\udfff]|[\ud800-\udbff]$/);
  });
});

describe('clause names', () => {
  it('names policy clauses and laws in the buyer language', () => {
    expect(clauseName('RP-03', 'zh')).toBe('《退款与售后规则》第3条');
    expect(clauseName('RP-14', 'en')).toBe('Refund and After-Sales Rules §14');
    expect(clauseName('LAW-CPL-25', 'zh')).toBe('《消费者权益保护法》第25条');
    expect(clauseName('LAW-CPL-26', 'en')).toBe('Consumer Rights Protection Law, Article 26');
    expect(clauseName('LAW-NEW', 'en')).toBe('LAW-NEW');
  });

  it('lists each source once', () => {
    expect(citationLine(['RP-03', 'RP-03', 'LAW-ECL'], 'en')).toBe(
      '📖 Sources: Refund and After-Sales Rules §3 (RP-03); E-Commerce Law (LAW-ECL)',
    );
  });
});

describe('renderMessage', () => {
  it('puts the sources under the text and the buttons on the last part', () => {
    const chunks = renderMessage({
      text: `${'x'.repeat(4090)}\n\n是否提交？`,
      lang: 'zh',
      citations: ['RP-03'],
      expecting: { slot: 'confirm', options: [{ title: '确认', payload: '/confirm' }] },
    });
    expect(chunks).toHaveLength(2);
    expect(chunks[0]?.options).toBeUndefined();
    expect(chunks[1]?.text).toContain('是否提交？');
    expect(chunks[1]?.text).toContain('📖 依据：《退款与售后规则》第3条 (RP-03)');
    expect(chunks[1]?.options).toEqual([{ title: '确认', payload: '/confirm' }]);
  });

  it('sends nothing for an empty message without buttons, a pointer for one with buttons', () => {
    expect(renderMessage({ text: ' ', lang: 'zh' })).toEqual([]);
    expect(
      renderMessage({
        text: '',
        lang: 'zh',
        expecting: { slot: 'scenario', options: [{ title: 'A', payload: '/a' }] },
      }),
    ).toEqual([{ text: '👇', options: [{ title: 'A', payload: '/a' }] }]);
  });
});
