/**
 * npm run bench:nlu — training time and parse latency / throughput of the local understander.
 * Targets: training ≤ 10 s, parse p99 ≤ 2 ms. Inputs are the training examples themselves plus
 * order numbers and noise, parsed in a fixed order (no network, no judge).
 */
import { cpus, loadavg } from 'node:os';
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

const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

const definition = loadNluDefinition(args.bot);
const trainings: number[] = [];
const trainingsCpu: number[] = [];
let nlu: NluUnderstander | undefined;
for (let i = 0; i < 3; i++) {
  const cpu = process.cpuUsage();
  nlu = new NluUnderstander(definition);
  trainingsCpu.push(cpuMs(cpu));
  trainings.push(nlu.trainingMs);
}
const understander = nlu!;

const texts = trainingExamples(definition.scenarios).flatMap((e, i) => [
  e.text,
  `订单号 KM202611${String(10 + (i % 19)).padStart(2, '0')}${String(i).padStart(6, '0')} ${e.text}，昨晚微信付的50块`,
]);
for (const text of texts.slice(0, 200)) understander.parseLocal(text); // warm-up (JIT)

// Wall-clock and CPU time per parse: on a shared machine the wall clock also counts the time
// the process waited for a core, so both are reported.
const latencies: number[] = [];
const cpuLatencies: number[] = [];
const started = performance.now();
const startedCpu = process.cpuUsage();
for (let round = 0; round < Number(args.rounds); round++) {
  for (const text of texts) {
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    understander.parseLocal(text);
    latencies.push(performance.now() - t0);
    cpuLatencies.push(cpuMs(cpu));
  }
}
const elapsed = performance.now() - started;
const elapsedCpu = cpuMs(startedCpu);
const quantiles = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
  return { p50: q(0.5), p90: q(0.9), p99: q(0.99), max: sorted.at(-1)! };
};
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const result = {
  parses: latencies.length,
  loadAverage: loadavg()[0],
  cores: cpus().length,
  trainingMs: { wall: median(trainings), cpu: median(trainingsCpu) },
  parseMs: quantiles(latencies),
  parseCpuMs: quantiles(cpuLatencies),
  throughputPerSecond: (latencies.length / elapsed) * 1000,
  throughputPerCpuSecond: (latencies.length / elapsedCpu) * 1000,
};
if (args.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
else {
  const f = (x: number) => x.toFixed(3);
  process.stdout.write(
    [
      `bench:nlu  ${result.parses} parses; load average ${result.loadAverage?.toFixed(1)} on ${result.cores} cores`,
      `training   median wall ${result.trainingMs.wall.toFixed(0)} ms, cpu ${result.trainingMs.cpu.toFixed(0)} ms (target ≤ 10000)`,
      `parse wall p50 ${f(result.parseMs.p50)} ms, p90 ${f(result.parseMs.p90)} ms, p99 ${f(result.parseMs.p99)} ms (target ≤ 2), max ${f(result.parseMs.max)} ms`,
      `parse cpu  p50 ${f(result.parseCpuMs.p50)} ms, p90 ${f(result.parseCpuMs.p90)} ms, p99 ${f(result.parseCpuMs.p99)} ms, max ${f(result.parseCpuMs.max)} ms`,
      `throughput ${result.throughputPerSecond.toFixed(0)} parses/s wall, ${result.throughputPerCpuSecond.toFixed(0)} per cpu-second`,
      '',
    ].join('\n'),
  );
}
