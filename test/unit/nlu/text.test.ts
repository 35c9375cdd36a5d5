import { describe, expect, it } from 'vitest';
import { detectLang, MAX_INPUT_CHARS, normaliseText, originalSpan } from '../../../src/nlu/text.js';

describe('normaliseText', () => {
  it('folds full-width characters and case', () => {
    expect(normaliseText('ＫＭ２０２６ Ｑ币').folded).toBe('km2026 q币');
  });

  it('turns Traditional characters into Simplified ones', () => {
    expect(normaliseText('已經付款，還沒收到點數卡').folded).toBe('已经付款,还没收到点数卡');
  });

  it('replaces control characters and keeps offsets into the original', () => {
    const text = normaliseText('a\u0000Ｋ\u200bb');
    expect(text.folded).toBe('a k b');
    expect(text.offsets).toEqual([0, 1, 2, 3, 4]);
  });

  it('makes lone surrogates well-formed and keeps emoji', () => {
    const text = normaliseText('\ud800x\udc00😀');
    expect(text.original).toBe('\ufffdx\ufffd😀');
    expect(originalSpan(text, 3, 5)).toEqual({ start: 3, end: 5 });
  });

  it('bounds the input length', () => {
    expect(normaliseText('字'.repeat(MAX_INPUT_CHARS + 10)).original.length).toBe(MAX_INPUT_CHARS);
  });
});

describe('detectLang', () => {
  it.each([
    ['卡密用不了', 'zh'],
    ['steam key 没发 已经付款了', 'zh'],
    ['my code does not work', 'en'],
    ['my refund has not arrived 谢谢', 'en'],
    ['', 'zh'],
    ['😀', 'zh'],
  ])('%s → %s', (text, lang) => {
    expect(detectLang(normaliseText(text).folded)).toBe(lang);
  });
});
