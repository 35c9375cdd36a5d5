import { describe, expect, it } from 'vitest';
import { hashPassword, passwordProblem, verifyPassword } from '../../../src/console/password.js';

describe('scrypt passwords', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('a long enough password');
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(await verifyPassword('a long enough password', stored)).toBe(true);
    expect(await verifyPassword('a long enough passwore', stored)).toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same password here')).not.toBe(await hashPassword('same password here'));
  });

  it('treats malformed stored hashes as a wrong password', async () => {
    for (const bad of ['', 'plain', 'scrypt$x$8$1$a$b', 'bcrypt$1$1$1$a$b', 'scrypt$0$8$1$a$b']) {
      expect(await verifyPassword('anything at all', bad)).toBe(false);
    }
  });

  it('asks for at least ten characters', () => {
    expect(passwordProblem('short')).toMatch(/10/);
    expect(passwordProblem('long enough!')).toBeNull();
  });
});
