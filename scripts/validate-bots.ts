/**
 * npm run validate:bots [-- --bot DIR] — schema and cross-reference checks of the bot definition
 * (the same checks start-up runs). Exit 1 naming file and path for each problem.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DefinitionError } from '../src/definition/load.js';
import { loadNluDefinition } from '../src/definition/nlu.js';
import { loadReceiptDefinition } from '../src/definition/receipts.js';

const { values: args } = parseArgs({
  options: { bot: { type: 'string', default: resolve(process.env.BOTS_DIR ?? 'bots', 'refund') } },
});

/** One entry per area of the definition; each returns a summary line or throws DefinitionError. */
const checks: [string, (botDir: string) => string][] = [
  [
    'nlu',
    (dir) => {
      const { scenarios, nlu } = loadNluDefinition(dir);
      const counts = Object.values(scenarios.scenarios).map((s) => s?.examples.length ?? 0);
      return `scenarios.yaml: ${counts.length} scenarios, ${counts.reduce((a, b) => a + b, 0)} examples (min ${Math.min(...counts)}); nlu.yaml: order_no /${nlu.entities.order_no.pattern}/`;
    },
  ],
  [
    'receipts',
    (dir) => {
      const { layouts, labels, timeFormats } = loadReceiptDefinition(dir);
      return `receipts.yaml: ${layouts.length} layouts (${layouts.map((l) => l.id).join(', ')}), ${labels.length} labels, ${timeFormats.length} date formats`;
    },
  ],
];

let failed = false;
for (const [name, check] of checks) {
  try {
    process.stdout.write(`ok    ${name}  ${check(args.bot)}\n`);
  } catch (err) {
    failed = true;
    if (!(err instanceof DefinitionError)) throw err;
    process.stdout.write(`FAIL  ${name}\n${err.problems.map((p) => `  ${err.file}: ${p}`).join('\n')}\n`);
  }
}
process.exit(failed ? 1 : 0);
