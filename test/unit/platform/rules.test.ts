import { describe, expect, it } from 'vitest';
import { newOrderNo, ORDER_NO_PATTERN, slaDueAt } from '../../../adapters/platform/sandbox/index.js';

describe('slaDueAt (RP-12: 3 working days)', () => {
  it('adds 3 days from Monday to Thursday', () => {
    expect(slaDueAt(new Date('2026-11-23T02:00:00Z')).toISOString()).toBe('2026-11-26T02:00:00.000Z');
  });

  it('skips the weekend from Thursday and Friday', () => {
    expect(slaDueAt(new Date('2026-11-26T02:00:00Z')).toISOString()).toBe('2026-12-01T02:00:00.000Z');
    expect(slaDueAt(new Date('2026-11-27T02:00:00Z')).toISOString()).toBe('2026-12-02T02:00:00.000Z');
  });

  it('counts from a Saturday to the following Wednesday', () => {
    expect(slaDueAt(new Date('2026-11-28T02:00:00Z')).toISOString()).toBe('2026-12-02T02:00:00.000Z');
  });
});

describe('newOrderNo', () => {
  it('is KM + the China date + 6 digits', () => {
    expect(newOrderNo(new Date('2026-11-18T17:00:00Z'), () => 4217)).toBe('KM20261119004217');
    expect(newOrderNo(new Date())).toMatch(ORDER_NO_PATTERN);
  });
});
