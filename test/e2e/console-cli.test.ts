/** `refund-desk agent add/list/disable` against a fresh data directory. */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const bin = new URL('../../bin/refund-desk.js', import.meta.url).pathname;
const dataDir = mkdtempSync(join(tmpdir(), 'refund-desk-agent-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function cli(args: string[], stdin = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

describe('refund-desk agent', () => {
  it('adds an admin with --password-stdin, lists, refuses duplicates and weak passwords, disables', async () => {
    const add = await cli(
      ['agent', 'add', '--email', 'Boss@Example.com', '--role', 'admin', '--password-stdin'],
      'a good long password\n',
    );
    expect(add.stderr).toBe('');
    expect(add.code).toBe(0);
    expect(add.stdout).toContain('added admin boss@example.com');

    const again = await cli(
      ['agent', 'add', '--email', 'boss@example.com', '--password-stdin'],
      'another long password\n',
    );
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('exists');

    const weak = await cli(['agent', 'add', '--email', 'weak@example.com', '--password-stdin'], 'short\n');
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain('10');

    const role = await cli(
      ['agent', 'add', '--email', 'x@example.com', '--role', 'root', '--password-stdin'],
      'a good long password\n',
    );
    expect(role.code).toBe(1);
    expect(role.stderr).toContain('--role');

    expect((await cli(['agent', 'disable', '--email', 'boss@example.com'])).code).toBe(0);
    const list = await cli(['agent', 'list', '--json']);
    expect(JSON.parse(list.stdout)).toEqual([
      { email: 'boss@example.com', role: 'admin', disabled: true, lastLoginAt: null },
    ]);
  }, 180_000);

  it('without a terminal and without --password-stdin, says how to pass the password', async () => {
    const r = await cli(['agent', 'add', '--email', 'y@example.com']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--password-stdin');
  }, 60_000);
});
