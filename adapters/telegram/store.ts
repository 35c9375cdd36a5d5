/**
 * What the Telegram channel persists in the product's SQLite database: processed update ids
 * (a redelivered update is handled once), one-time link codes, user ↔ buyer bindings, the message
 * whose inline keyboard is still live per chat, and button payloads too long for callback_data.
 */
import { createHash, randomBytes } from 'node:crypto';
import { applyMigrations, type SqliteDatabase } from '../storage-sqlite/index.js';
import { telegramMigrations } from './migrations.js';

export type { SqliteDatabase };

export interface LinkCode {
  code: string;
  expiresAt: string;
}

export type RedeemResult = { ok: true; buyerId: string } | { ok: false; reason: 'unknown' | 'expired' | 'used' };

const hashCode = (code: string): string => createHash('sha256').update(code).digest('hex');

export class TelegramStore {
  readonly #db: SqliteDatabase;
  readonly #now: () => Date;

  constructor(db: SqliteDatabase, options: { now?: () => Date } = {}) {
    this.#db = db;
    this.#now = options.now ?? (() => new Date());
    applyMigrations(db, 'telegram', telegramMigrations);
  }

  /** True the first time an update id is seen; false for a redelivery (or one being handled right now). */
  claimUpdate(updateId: number): boolean {
    const result = this.#db
      .prepare('INSERT OR IGNORE INTO telegram_updates (update_id, claimed_at) VALUES (?, ?)')
      .run(updateId, this.#now().toISOString());
    return result.changes === 1;
  }

  /** Forgets a claim whose handling failed, so that a redelivery is handled again. */
  releaseUpdate(updateId: number): void {
    this.#db.prepare('DELETE FROM telegram_updates WHERE update_id = ?').run(updateId);
  }

  /** Telegram keeps undelivered updates for 24 hours; older ids cannot come back. */
  pruneUpdates(olderThan: Date): number {
    return this.#db.prepare('DELETE FROM telegram_updates WHERE claimed_at < ?').run(olderThan.toISOString()).changes;
  }

  /** A fresh one-time code for a deep link `t.me/<bot>?start=<code>` (URL-safe, 22 characters). */
  createLinkCode(buyerId: string, ttlMs: number): LinkCode {
    const code = randomBytes(16).toString('base64url');
    const now = this.#now();
    const expiresAt = new Date(now.getTime() + ttlMs).toISOString();
    this.#db
      .prepare('INSERT INTO telegram_link_codes (code_hash, buyer_id, created_at, expires_at) VALUES (?, ?, ?, ?)')
      .run(hashCode(code), buyerId, now.toISOString(), expiresAt);
    return { code, expiresAt };
  }

  /** Uses a code up (once) and binds the Telegram user to the code's buyer. */
  redeemLinkCode(code: string, userId: string): RedeemResult {
    return this.#db.transaction((): RedeemResult => {
      const row = this.#db
        .prepare('SELECT buyer_id, expires_at, used_at FROM telegram_link_codes WHERE code_hash = ?')
        .get(hashCode(code)) as { buyer_id: string; expires_at: string; used_at: string | null } | undefined;
      if (!row) return { ok: false, reason: 'unknown' };
      if (row.used_at !== null) return { ok: false, reason: 'used' };
      const now = this.#now().toISOString();
      if (row.expires_at <= now) return { ok: false, reason: 'expired' };
      this.#db
        .prepare('UPDATE telegram_link_codes SET used_at = ?, used_by = ? WHERE code_hash = ?')
        .run(now, userId, hashCode(code));
      this.bind(userId, row.buyer_id);
      return { ok: true, buyerId: row.buyer_id };
    })();
  }

  bind(userId: string, buyerId: string): void {
    this.#db
      .prepare(
        `INSERT INTO telegram_bindings (user_id, buyer_id, bound_at) VALUES (?, ?, ?)
         ON CONFLICT (user_id) DO UPDATE SET buyer_id = excluded.buyer_id, bound_at = excluded.bound_at`,
      )
      .run(userId, buyerId, this.#now().toISOString());
  }

  buyerOf(userId: string): string | null {
    const row = this.#db.prepare('SELECT buyer_id FROM telegram_bindings WHERE user_id = ?').get(userId) as
      | { buyer_id: string }
      | undefined;
    return row?.buyer_id ?? null;
  }

  /** Removes the binding; true when there was one. */
  unbind(userId: string): boolean {
    return this.#db.prepare('DELETE FROM telegram_bindings WHERE user_id = ?').run(userId).changes === 1;
  }

  /** Remembers the chat's live keyboard message; returns the previous one, which is now stale. */
  swapKeyboard(chatId: number, messageId: number | null): number | null {
    return this.#db.transaction(() => {
      const previous = this.#db.prepare('SELECT message_id FROM telegram_keyboards WHERE chat_id = ?').get(chatId) as
        | { message_id: number }
        | undefined;
      if (messageId === null) this.#db.prepare('DELETE FROM telegram_keyboards WHERE chat_id = ?').run(chatId);
      else
        this.#db
          .prepare(
            `INSERT INTO telegram_keyboards (chat_id, message_id) VALUES (?, ?)
             ON CONFLICT (chat_id) DO UPDATE SET message_id = excluded.message_id`,
          )
          .run(chatId, messageId);
      return previous && previous.message_id !== messageId ? previous.message_id : null;
    })();
  }

  /** Forgets the chat's live keyboard if it is this message (the buyer just used it). */
  clearKeyboard(chatId: number, messageId: number): void {
    this.#db.prepare('DELETE FROM telegram_keyboards WHERE chat_id = ? AND message_id = ?').run(chatId, messageId);
  }

  savePayload(payload: string): number {
    return Number(
      this.#db
        .prepare('INSERT INTO telegram_payloads (payload, created_at) VALUES (?, ?)')
        .run(payload, this.#now().toISOString()).lastInsertRowid,
    );
  }

  payload(id: number): string | null {
    const row = this.#db.prepare('SELECT payload FROM telegram_payloads WHERE id = ?').get(id) as
      | { payload: string }
      | undefined;
    return row?.payload ?? null;
  }
}
