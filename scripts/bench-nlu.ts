/**
 * npm run bench:nlu — training time and parse latency / throughput of the local understander.
 * Targets: training ≤ 10 s, parse p99 ≤ 2 ms. Inputs are the training examples themselves plus
 * order numbers and noise, parsed in a fixed order (no network, no judge).
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadNluDefinition, trainingExamples } from '../src/definition/nlu.js';
import { NluUnderstander } from '../src/nlu/understander.js';

const { values: args } = parseArgs({
  options: {
    bot: { type: 'string', default: resolve(process.env.BOTS_DIR ?? 'bots', 'refund') },
    rounds: { type: 'string', default: '5' },
    json: { type: 'boolean', default: false },
  },
});

const definition = loadNluDefinition(args.bot);
const trainings: number[] = [];
let nlu: NluUnderstander | undefined;
for (let i = 0; i < 3; i++) {
  nlu = new NluUnderstander(definition);
  trainings.push(nlu.trainingMs);
}
const understander = nlu!;

const texts = trainingExamples(definition.scenarios).flatMap((e, i) => [
  e.text,
  `订单号 KM202611${String(10 + (i % 19)).padStart(2, '0')}${String(i).padStart(6, '0')} ${e.text}，昨晚微信付的50块`,
]);
for (const text of texts.slice(0, 200)) understander.parseLocal(text); // warm-up (JIT)

const latencies: number[] = [];
const started = performance.now();
for (let round = 0; round < Number(args.rounds); round++) {
  for (const text of texts) {
    const t0 = performance.now();
    understander.parseLocal(text);
    latencies.push(performance.now() - t0);
  }
}
const elapsed = performance.now() - started;
latencies.sort((a, b) => a - b);
const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!;
const result = {
  parses: latencies.length,
  trainingMs: { min: Math.min(...trainings), median: trainings.sort((a, b) => a - b)[1]! },
  parseMs: { p50: q(0.5), p90: q(0.9), p99: q(0.99), max: latencies.at(-1)! },
  throughputPerSecond: (latencies.length / elapsed) * 1000,
};
if (args.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
else {
  const f = (x: number) => x.toFixed(3);
  process.stdout.write(
    [
      `bench:nlu  ${result.parses} parses`,
      `training  min ${result.trainingMs.min.toFixed(0)} ms, median ${result.trainingMs.median.toFixed(0)} ms (target ≤ 10000)`,
      `parse     p50 ${f(result.parseMs.p50)} ms, p90 ${f(result.parseMs.p90)} ms, p99 ${f(result.parseMs.p99)} ms (target ≤ 2), max ${f(result.parseMs.max)} ms`,
      `throughput ${result.throughputPerSecond.toFixed(0)} parses/s (one core)`,
      '',
    ].join('\n'),
  );
}
