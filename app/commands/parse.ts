/** `refund-desk parse "…" [--json]`: what the understander makes of one buyer message. */
import type { Command } from 'commander';
import type { Config } from '../../src/config/env.js';
import type { Parse } from '../../src/ports/understander.js';
import { createUnderstander } from '../nlu.js';

export function register(program: Command, ctx: { config(): Config }): void {
  program
    .command('parse')
    .description('classify a buyer message and extract its entities (as POST /api/parse)')
    .argument('<text>', 'the buyer message')
    .option('--json', 'print the parse as JSON')
    .action(async (text: string, options: { json?: boolean }) => {
      const understander = createUnderstander(ctx.config());
      const parse = await understander.parse(text);
      process.stdout.write(options.json ? `${JSON.stringify(parse, null, 2)}\n` : formatParse(parse));
    });
}

export function formatParse(parse: Parse): string {
  const top = parse.ranking
    .slice(0, 3)
    .map((s) => `${s.name} ${s.confidence.toFixed(2)}`)
    .join(', ');
  const entities = parse.entities.map((e) => `${e.entity}=${e.value} [${e.start},${e.end})`);
  return [
    `scenario  ${parse.scenario.name} (${parse.scenario.confidence.toFixed(2)})`,
    `lang      ${parse.lang}`,
    `ranking   ${top}`,
    `entities  ${entities.length > 0 ? entities.join('  ') : '(none)'}`,
    '',
  ].join('\n');
}
