/**
 * npm run eval:nlu [-- --file PATH] [--json] [--errors]
 * Scenario accuracy, macro-F1, per-class precision/recall, confusion matrix, calibration (ECE)
 * and order-number exact match on an utterance set (default ../shared/eval/utterances.dev.jsonl).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { SCENARIO_IDS, ScenarioId } from '../src/core/domain.js';
import { loadNluDefinition, trainingExamples } from '../src/definition/nlu.js';
import { classificationReport } from '../src/nlu/metrics.js';
import { normaliseText } from '../src/nlu/text.js';
import { NluUnderstander } from '../src/nlu/understander.js';

const { values: args } = parseArgs({
  options: {
    file: { type: 'string', default: process.env.NLU_EVAL_FILE ?? '/work/shared/eval/utterances.dev.jsonl' },
    bot: { type: 'string', default: resolve(process.env.BOTS_DIR ?? 'bots', 'refund') },
    json: { type: 'boolean', default: false },
    errors: { type: 'boolean', default: false },
  },
});

const Utterance = z.object({ text: z.string(), scenario: ScenarioId, order_no: z.string().nullable() });
const utterances = readFileSync(args.file, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line, i) => {
    const parsed = Utterance.safeParse(JSON.parse(line));
    if (!parsed.success) throw new Error(`${args.file}:${i + 1}: ${parsed.error.issues[0]?.message}`);
    return parsed.data;
  });

const definition = loadNluDefinition(args.bot);
const nlu = new NluUnderstander(definition);
// Hygiene: evaluation sentences must not be training examples (compared folded, without punctuation).
const key = (text: string) => normaliseText(text).folded.replace(/[\p{P}\p{S}\s]/gu, '');
const trainingKeys = new Set(trainingExamples(definition.scenarios).map((e) => key(e.text)));
const overlap = utterances.filter((u) => trainingKeys.has(key(u.text))).length;
const errors: string[] = [];
let orderHits = 0;
const predictions = utterances.map((u) => {
  const parse = nlu.parseLocal(u.text);
  const orderNo = parse.entities.find((e) => e.entity === 'order_no')?.value ?? null;
  const expectedOrder = u.order_no === null ? null : (nlu.normaliseOrderNo(u.order_no) ?? u.order_no);
  if (orderNo === expectedOrder) orderHits++;
  else errors.push(`order_no  ${JSON.stringify(u.text)}: expected ${expectedOrder}, got ${orderNo}`);
  if (parse.scenario.name !== u.scenario) {
    errors.push(
      `scenario  ${JSON.stringify(u.text)}: ${u.scenario} → ${parse.scenario.name} (${parse.scenario.confidence.toFixed(2)})`,
    );
  }
  return { expected: u.scenario, predicted: parse.scenario.name, confidence: parse.scenario.confidence };
});
const report = classificationReport(SCENARIO_IDS, predictions);
const orderNoExactMatch = utterances.length === 0 ? 0 : orderHits / utterances.length;
const pairs = SCENARIO_IDS.flatMap((e) =>
  SCENARIO_IDS.filter((p) => p !== e && report.confusion[e]![p]! > 0).map((p) => ({
    expected: e,
    predicted: p,
    count: report.confusion[e]![p]!,
  })),
).sort((a, b) => b.count - a.count);

if (args.json) {
  process.stdout.write(
    `${JSON.stringify({ file: args.file, trainingMs: nlu.trainingMs, temperature: nlu.temperature, overlapWithTraining: overlap, orderNoExactMatch, confusionPairs: pairs, ...report }, null, 2)}\n`,
  );
} else {
  const pct = (x: number) => x.toFixed(3);
  const out: string[] = [];
  out.push(
    `eval:nlu  ${args.file}  (${report.total} utterances, ${overlap} of them also training examples; trained in ${nlu.trainingMs.toFixed(0)} ms, temperature ${nlu.temperature})`,
  );
  out.push(
    `accuracy ${pct(report.accuracy)} (target ≥ 0.92)   macro-F1 ${pct(report.macroF1)} (≥ 0.90)   order-no EM ${pct(orderNoExactMatch)} (≥ 0.98)   ECE ${pct(report.ece)}`,
  );
  out.push('', 'scenario            support  precision  recall  f1');
  for (const c of report.classes)
    out.push(
      `${c.label.padEnd(20)}${String(c.support).padStart(7)}  ${pct(c.precision).padStart(9)}  ${pct(c.recall).padStart(6)}  ${pct(c.f1)}`,
    );
  out.push('', 'reliability (top confidence → accuracy)');
  for (const b of report.calibration.filter((b) => b.count > 0))
    out.push(
      `  ${b.from.toFixed(1)}–${b.to.toFixed(1)}  n=${String(b.count).padStart(4)}  confidence ${pct(b.meanConfidence)}  accuracy ${pct(b.accuracy)}`,
    );
  const short = SCENARIO_IDS.map((s) => s.slice(0, 5));
  out.push(
    '',
    'confusion (rows expected, columns predicted)',
    `${''.padEnd(17)}${short.map((s) => s.padStart(6)).join('')}`,
  );
  for (const e of SCENARIO_IDS)
    out.push(`${e.padEnd(17)}${SCENARIO_IDS.map((p) => String(report.confusion[e]![p] || '.').padStart(6)).join('')}`);
  out.push('', `confusion pairs: ${pairs.map((p) => `${p.expected}→${p.predicted} ×${p.count}`).join(', ') || 'none'}`);
  if (args.errors) out.push('', ...errors);
  process.stdout.write(`${out.join('\n')}\n`);
}
