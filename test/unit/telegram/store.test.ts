import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { TelegramStore } from '../../../adapters/telegram/store.js';

let now: Date;
let db: Database.Database;
let store: TelegramStore;

beforeEach(() => {
  now = new Date('2026-11-26T10:00:00Z');
  db = new Database(':memory:');
  store = new TelegramStore(db, { now: () => now });
});

describe('TelegramStore', () => {
  it('applies its migrations once, under its own module name', () => {
    new TelegramStore(db);
    const rows = db.prepare("SELECT version FROM schema_migrations WHERE module = 'telegram'").all();
    expect(rows).toEqual([{ version: 1 }]);
  });

  it('claims an update id once; a released claim can be claimed again', () => {
    expect(store.claimUpdate(7)).toBe(true);
    expect(store.claimUpdate(7)).toBe(false);
    store.releaseUpdate(7);
    expect(store.claimUpdate(7)).toBe(true);
  });

  it('prunes old update ids', () => {
    store.claimUpdate(1);
    now = new Date('2026-12-10T10:00:00Z');
    store.claimUpdate(2);
    expect(store.pruneUpdates(new Date('2026-12-01T00:00:00Z'))).toBe(1);
    expect(store.claimUpdate(1)).toBe(true);
    expect(store.claimUpdate(2)).toBe(false);
  });

  it('redeems a link code once, binding the user', () => {
    const { code, expiresAt } = store.createLinkCode('buyer-1', 15 * 60_000);
    expect(code).toMatch(/^[A-Za-z0-9_-]{20,64}$/);
    expect(expiresAt).toBe('2026-11-26T10:15:00.000Z');
    expect(store.redeemLinkCode(code, '42')).toEqual({ ok: true, buyerId: 'buyer-1' });
    expect(store.buyerOf('42')).toBe('buyer-1');
    expect(store.redeemLinkCode(code, '43')).toEqual({ ok: false, reason: 'used' });
    expect(store.buyerOf('43')).toBeNull();
  });

  it('refuses expired and unknown codes, and does not store codes in the clear', () => {
    const { code } = store.createLinkCode('buyer-1', 60_000);
    const stored = db.prepare('SELECT code_hash FROM telegram_link_codes').all() as { code_hash: string }[];
    expect(stored.map((r) => r.code_hash)).not.toContain(code);
    now = new Date('2026-11-26T10:01:00Z');
    expect(store.redeemLinkCode(code, '42')).toEqual({ ok: false, reason: 'expired' });
    expect(store.redeemLinkCode('not-a-code', '42')).toEqual({ ok: false, reason: 'unknown' });
    expect(store.buyerOf('42')).toBeNull();
  });

  it('rebinds and unbinds', () => {
    store.bind('42', 'buyer-1');
    store.bind('42', 'buyer-2');
    expect(store.buyerOf('42')).toBe('buyer-2');
    expect(store.unbind('42')).toBe(true);
    expect(store.unbind('42')).toBe(false);
    expect(store.buyerOf('42')).toBeNull();
  });

  it('tracks the live keyboard per chat and hands back the stale one', () => {
    expect(store.swapKeyboard(1, 10)).toBeNull();
    expect(store.swapKeyboard(1, 11)).toBe(10);
    expect(store.swapKeyboard(2, 20)).toBeNull();
    store.clearKeyboard(1, 10);
    expect(store.swapKeyboard(1, null)).toBe(11);
    expect(store.swapKeyboard(1, null)).toBeNull();
  });

  it('keeps long button payloads', () => {
    const id = store.savePayload('/scenario '.repeat(20));
    expect(store.payload(id)).toBe('/scenario '.repeat(20));
    expect(store.payload(id + 1)).toBeNull();
  });
});
