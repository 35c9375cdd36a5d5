import { describe, expect, it } from 'vitest';
import { applyMigrations, openDatabase } from '../../../adapters/storage-sqlite/database.js';

describe('applyMigrations', () => {
  it('applies each module version once, in order', () => {
    const db = openDatabase(':memory:');
    const list = [
      { version: 1, name: 'a', sql: 'CREATE TABLE a (x INTEGER)' },
      { version: 2, name: 'b', sql: 'ALTER TABLE a ADD COLUMN y TEXT' },
    ];
    expect(applyMigrations(db, 'demo', list)).toEqual([1, 2]);
    expect(applyMigrations(db, 'demo', list)).toEqual([]);
    expect(applyMigrations(db, 'other', [{ version: 1, name: 'c', sql: 'CREATE TABLE c (x)' }])).toEqual([1]);
  });

  it('rolls a failing migration back and refuses versions out of order', () => {
    const db = openDatabase(':memory:');
    expect(() => applyMigrations(db, 'bad', [{ version: 1, name: 'x', sql: 'CREATE TABLE t (x); NOT SQL' }])).toThrow();
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 't'").all()).toEqual([]);
    expect(() =>
      applyMigrations(db, 'order', [
        { version: 2, name: 'b', sql: 'SELECT 1' },
        { version: 1, name: 'a', sql: 'SELECT 1' },
      ]),
    ).toThrow(/out of order/);
  });
});
