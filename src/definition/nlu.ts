/**
 * Schemas of the understander's two definition files: bots/<bot>/scenarios.yaml (scenario
 * descriptions and training examples) and bots/<bot>/nlu.yaml (entity patterns and lexicons).
 */
import { join } from 'node:path';
import { z } from 'zod';
import { SCENARIO_IDS, ScenarioId } from '../core/domain.js';
import { PaymentChannel, ProductKind } from '../ports/platform.js';
import { DefinitionError, loadDefinition } from './load.js';

export const MIN_EXAMPLES_PER_SCENARIO = 40;

const Text = z.string().trim().min(1).max(500);

const Regex = z
  .string()
  .min(1)
  .max(500)
  .refine(
    (source) => {
      try {
        new RegExp(source, 'u');
        return true;
      } catch {
        return false;
      }
    },
    { message: 'not a valid regular expression' },
  );

const Scenario = z
  .object({
    description: z.object({ zh: Text, en: Text }).strict(),
    examples: z.array(Text).min(MIN_EXAMPLES_PER_SCENARIO),
  })
  .strict();

export const ScenariosFile = z
  .object({
    version: z.literal(1),
    scenarios: z.record(ScenarioId, Scenario),
  })
  .strict()
  .superRefine((file, ctx) => {
    for (const id of SCENARIO_IDS) {
      if (!file.scenarios[id]) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['scenarios', id], message: `scenario ${id} is missing` });
      }
    }
    const seen = new Map<string, string>();
    for (const [id, scenario] of Object.entries(file.scenarios)) {
      scenario?.examples.forEach((example, index) => {
        const other = seen.get(example);
        if (other !== undefined && other !== id) {
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            path: ['scenarios', id, 'examples', index],
            message: `"${example}" is also an example of ${other}`,
          });
        }
        seen.set(example, id);
      });
    }
  });
export type ScenariosFile = z.infer<typeof ScenariosFile>;

const Synonyms = z.array(Text).min(1);

export const NluFile = z
  .object({
    version: z.literal(1),
    entities: z
      .object({
        order_no: z
          .object({
            pattern: Regex,
            separators: z.string().max(20).default(' -'),
            cues: z.array(Text).default([]),
            bareDigitsAfterCue: z
              .object({ digits: z.number().int().min(4).max(40), prefix: z.string().max(10) })
              .strict()
              .optional(),
          })
          .strict(),
        txn_id: z
          .object({
            patterns: z.array(z.object({ name: Text, pattern: Regex }).strict()).min(1),
            cues: z.array(Text).default([]),
          })
          .strict(),
        payment_channel: z.object({ values: z.record(PaymentChannel, Synonyms) }).strict(),
        product_kind: z.object({ values: z.record(ProductKind, Synonyms) }).strict(),
        amount: z.object({ currencies: z.record(z.string().regex(/^[A-Z]{3}$/), Synonyms) }).strict(),
      })
      .strict(),
    tokenizer: z
      .object({
        words: z.array(Text).default([]),
        masks: z.array(z.object({ pattern: Regex, token: z.string().regex(/^[a-z_]{1,20}$/) }).strict()).default([]),
      })
      .strict()
      .default({}),
    spelling: z.record(Text, z.string().max(50)).default({}),
  })
  .strict();
export type NluFile = z.infer<typeof NluFile>;
export type NluFileInput = z.input<typeof NluFile>;

/** Training examples as (text, scenario) pairs, in file order. */
export function trainingExamples(file: ScenariosFile): { text: string; scenario: ScenarioId }[] {
  return SCENARIO_IDS.flatMap((id) => (file.scenarios[id]?.examples ?? []).map((text) => ({ text, scenario: id })));
}

export interface NluDefinition {
  scenarios: ScenariosFile;
  nlu: NluFile;
}

/** Loads and validates `scenarios.yaml` and `nlu.yaml` of a bot directory (e.g. bots/refund). */
export function loadNluDefinition(botDir: string): NluDefinition {
  const nluPath = join(botDir, 'nlu.yaml');
  const definition = {
    scenarios: loadDefinition(join(botDir, 'scenarios.yaml'), ScenariosFile),
    nlu: loadDefinition(nluPath, NluFile),
  };
  const problems = crossCheckNlu(definition.nlu);
  if (problems.length > 0) throw new DefinitionError(nluPath, problems);
  return definition;
}

/** Checks across fields of nlu.yaml that a schema cannot express. */
export function crossCheckNlu(nlu: NluFile): string[] {
  const problems: string[] = [];
  const { order_no } = nlu.entities;
  const bare = order_no.bareDigitsAfterCue;
  if (bare && !new RegExp(`^(?:${order_no.pattern})$`, 'u').test(`${bare.prefix}${'0'.repeat(bare.digits)}`)) {
    problems.push('entities.order_no.bareDigitsAfterCue: prefix + digits does not match entities.order_no.pattern');
  }
  for (const lexicon of ['payment_channel', 'product_kind'] as const) {
    const owner = new Map<string, string>();
    for (const [value, synonyms] of Object.entries(nlu.entities[lexicon].values)) {
      for (const synonym of synonyms ?? []) {
        const key = synonym.toLowerCase();
        const other = owner.get(key);
        if (other !== undefined && other !== value) {
          problems.push(`entities.${lexicon}.values.${value}: "${synonym}" is also a synonym of ${other}`);
        }
        owner.set(key, value);
      }
    }
  }
  return problems;
}
