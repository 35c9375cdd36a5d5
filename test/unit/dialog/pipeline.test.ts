import { describe, expect, it } from 'vitest';
import { compose } from '../../../src/dialog/compose.js';
import { KeyedQueue } from '../../../src/dialog/keyed-queue.js';
import { languageOf } from '../../../src/dialog/language.js';
import { extractContact, mentions, parseCommand } from '../../../src/dialog/lexicon.js';

describe('compose', () => {
  it('runs steps in order; a step that does not call next ends the chain', async () => {
    const seen: string[] = [];
    const chain = compose<string[]>([
      async (ctx, next) => {
        ctx.push('a');
        await next();
        ctx.push('a-after');
      },
      async (ctx) => void ctx.push('b'),
      async (ctx) => void ctx.push('never'),
    ]);
    await chain(seen, async () => void seen.push('end'));
    expect(seen).toEqual(['a', 'b', 'a-after']);
  });

  it('refuses next() twice', async () => {
    const chain = compose<object>([
      async (_c, next) => {
        await next();
        await next();
      },
    ]);
    await expect(chain({}, async () => {})).rejects.toThrow(/twice/);
  });
});

describe('KeyedQueue', () => {
  it('serialises per key and survives a failing task', async () => {
    const q = new KeyedQueue();
    const order: number[] = [];
    const slow = (n: number, ms: number) =>
      q.run('k', () => new Promise<void>((r) => setTimeout(() => r(void order.push(n)), ms)));
    const failing = q.run('k', async () => {
      throw new Error('x');
    });
    await Promise.all([slow(1, 20), failing.catch(() => order.push(2)), slow(3, 1)]);
    expect(order).toEqual([2, 1, 3]);
  });
});

describe('buyer words', () => {
  it('tells the language when the text says enough', () => {
    expect(languageOf('卡密无效')).toBe('zh');
    expect(languageOf('my code does not work')).toBe('en');
    expect(languageOf('KM20261118004217')).toBeNull();
    expect(languageOf('buyer@example.com')).toBeNull();
  });

  it('finds contacts, including masked phone numbers', () => {
    expect(extractContact('我的邮箱是 a.b+c@example.com 谢谢')).toBe('a.b+c@example.com');
    expect(extractContact('手机138****2046')).toBe('138****2046');
    expect(extractContact('我忘了')).toBeNull();
  });

  it('matches latin words on word boundaries only', () => {
    expect(mentions('ok, submit it', ['ok'])).toBe(true);
    expect(mentions('I booked it', ['ok'])).toBe(false);
    expect(mentions('算了吧', ['算了'])).toBe(true);
  });

  it('parses button payloads', () => {
    expect(parseCommand('/scenario defective')).toEqual({ name: 'scenario', arg: 'defective' });
    expect(parseCommand('hello /confirm')).toBeNull();
  });
});
