import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const bin = new URL('../../bin/refund-desk.js', import.meta.url).pathname;
const version = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

async function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], {
      env: { ...process.env, ...env },
      timeout: 30_000,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('refund-desk CLI', () => {
  it('prints its version and help', async () => {
    expect((await cli(['--version'])).stdout.trim()).toBe(version);
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('start');
  });

  it.each([
    ['PORT', 'eighty'],
    ['PLATFORM_MODE', 'cloud'],
    ['DIRECTLINE_TOKEN_TTL_SECONDS', '5'],
  ])('refuses to start when %s=%s, naming the variable, with exit code 1', async (name, value) => {
    const result = await cli(['start'], { [name]: value });
    expect({ code: result.code, stderr: result.stderr }).toMatchObject({
      code: 1,
      stderr: expect.stringContaining(name),
    });
  });
});
