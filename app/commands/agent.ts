/** `refund-desk agent add|list|disable|enable`: console accounts, stored in the product's SQLite database. */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { openSqliteStorage } from '../../adapters/storage-sqlite/index.js';
import { AgentRole } from '../../src/ports/agent-store.js';
import type { CliContext } from '../cli.js';
import { agentAuth } from '../console.js';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** Reads a line from the terminal without echoing it. */
function readHidden(prompt: string): Promise<string> {
  return new Promise((done, fail) => {
    const stdin = process.stdin;
    if (!stdin.isTTY) {
      fail(new Error('no terminal to prompt on: pass the password with --password-stdin'));
      return;
    }
    process.stderr.write(prompt);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    let value = '';
    const finish = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') {
          finish();
          done(value);
          return;
        }
        if (ch === '\u0003') {
          finish();
          fail(new Error('cancelled'));
          return;
        }
        value = ch === '\u007f' || ch === '\b' ? value.slice(0, -1) : value + ch;
      }
    };
    stdin.on('data', onData);
  });
}

async function askPassword(): Promise<string> {
  const first = await readHidden('Password: ');
  const second = await readHidden('Repeat password: ');
  if (first !== second) throw new Error('the passwords differ');
  return first;
}

function fail(message: string): never {
  process.stderr.write(`refund-desk agent: ${message}\n`);
  process.exit(1);
}

async function withAgents<T>(ctx: CliContext, use: (a: ReturnType<typeof agentAuth>) => Promise<T>): Promise<T> {
  const config = ctx.config();
  const storage = await openSqliteStorage({ file: resolve(config.DATA_DIR, 'refund-desk.sqlite') });
  try {
    return await use(agentAuth(storage.db));
  } finally {
    await storage.close();
  }
}

export function register(program: Command, ctx: CliContext): void {
  const agent = program.command('agent').description('agent console accounts');

  agent
    .command('add')
    .description('add an agent (password from a prompt, or from stdin with --password-stdin)')
    .requiredOption('--email <email>', 'sign-in e-mail')
    .option('--role <role>', 'agent or admin', 'agent')
    .option('--password-stdin', 'read the password from standard input')
    .action(async (opts: { email: string; role: string; passwordStdin?: boolean }) => {
      const role = AgentRole.safeParse(opts.role);
      if (!role.success) fail(`--role must be agent or admin, not ${opts.role}`);
      const password = await (opts.passwordStdin ? readStdin() : askPassword()).catch((err: Error) =>
        fail(err.message),
      );
      const result = await withAgents(ctx, ({ auth }) =>
        auth.addAgent({ email: opts.email, role: role.data, password }, null),
      );
      if (!result.ok) fail(result.message);
      process.stdout.write(`added ${result.agent.role} ${result.agent.email}\n`);
    });

  agent
    .command('list')
    .description('list agents')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const agents = await withAgents(ctx, ({ agents }) => agents.listAgents());
      const rows = agents.map((a) => ({
        email: a.email,
        role: a.role,
        disabled: a.disabled,
        lastLoginAt: a.lastLoginAt,
      }));
      if (opts.json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      else
        for (const r of rows)
          process.stdout.write(
            `${r.email}\t${r.role}\t${r.disabled ? 'disabled' : 'active'}\t${r.lastLoginAt ?? '-'}\n`,
          );
    });

  for (const [name, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    agent
      .command(name)
      .description(`${name} an agent (disabling ends their sessions)`)
      .requiredOption('--email <email>', 'sign-in e-mail')
      .action(async (opts: { email: string }) => {
        const ok = await withAgents(ctx, async ({ agents, auth }) => {
          const found = await agents.findByEmail(opts.email.trim().toLowerCase());
          return found ? auth.setDisabled(found.id, disabled, 'cli') : false;
        });
        if (!ok) fail(`no agent ${opts.email}`);
        process.stdout.write(`${name}d ${opts.email}\n`);
      });
  }
}
