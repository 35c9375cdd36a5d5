/** The `refund-desk` command line. Each feature registers its commands from app/commands/. */
import { Command } from 'commander';
import { type Config, loadConfig } from '../src/config/env.js';
import { createLogger, type Logger } from '../src/core/log.js';
import { register as registerAgent } from './commands/agent.js';
import { register as registerChat } from './commands/chat.js';
import { registerKbCommands } from './commands/kb.js';
import { register as registerParse } from './commands/parse.js';
import { register as registerTranscript } from './commands/transcript.js';
import { ServingRefused, startProduct, VERSION } from './start.js';

export interface CliContext {
  /** Validated configuration; prints the problems and exits 1 when a variable is bad. */
  config(): Config;
  logger(config: Config): Logger;
}

export const cliContext: CliContext = {
  config() {
    const result = loadConfig(process.env);
    if (!result.ok) {
      process.stderr.write(`refund-desk: invalid configuration\n${result.errors.map((e) => `  ${e}`).join('\n')}\n`);
      process.exit(1);
    }
    return result.config;
  },
  logger(config) {
    return createLogger({
      level: config.LOG_LEVEL,
      format: config.LOG_FORMAT,
      production: config.NODE_ENV === 'production',
    });
  },
};

type Register = (program: Command, ctx: CliContext) => void;
const commandModules: Register[] = [registerAgent, registerChat, registerParse, registerTranscript, registerKbCommands];

export function buildProgram(ctx: CliContext = cliContext): Command {
  const program = new Command('refund-desk')
    .description('refund customer-service bot for virtual-goods card platforms')
    .version(VERSION, '-v, --version');

  program
    .command('start')
    .description('start the server (HTTP API, channels, sandbox platform)')
    .action(async () => {
      const config = ctx.config();
      const log = ctx.logger(config);
      const started = await startProduct(config, log).catch((err: unknown) => {
        if (err instanceof ServingRefused) {
          process.stderr.write(`refund-desk: ${err.message}\n`);
          process.exit(1);
        }
        log.fatal({ err }, 'start-up failed');
        process.exit(1);
      });
      const shutdown = (signal: string) => {
        log.info({ signal }, 'shutting down');
        started.stop().then(
          () => process.exit(0),
          (err: unknown) => {
            log.error({ err }, 'shutdown failed');
            process.exit(1);
          },
        );
      };
      process.once('SIGTERM', () => shutdown('SIGTERM'));
      process.once('SIGINT', () => shutdown('SIGINT'));
    });

  for (const register of commandModules) register(program, ctx);
  return program;
}

if (import.meta.url === `file://${process.argv[1]}` || process.env.REFUND_DESK_CLI === '1') {
  await buildProgram().parseAsync(process.argv);
}
