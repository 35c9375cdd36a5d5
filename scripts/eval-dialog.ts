/**
 * `npm run eval:dialog`: plays every case of the conversations eval set through the REST channel as
 * a simulated buyer that answers each structured prompt (`custom.expecting`, SPEC §12), against the
 * whole product started in-process (temporary DATA_DIR, free port, sandbox platform), three runs per
 * case, and prints pass/fail per case with the reason. Options: --file F, --runs N, --case ID, --verbose.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { startProduct } from '../app/start.js';
import { loadConfig } from '../src/config/env.js';
import { createLogger } from '../src/core/log.js';

const { values: args } = parseArgs({
  options: {
    file: { type: 'string', default: resolve('../shared/eval/conversations.dev.json') },
    runs: { type: 'string', default: '3' },
    case: { type: 'string' },
    verbose: { type: 'boolean', default: false },
  },
});

const Case = z.object({
  id: z.string(),
  note: z.string().optional(),
  order: z.record(z.string(), z.unknown()).and(z.object({ contact: z.string(), owner: z.enum(['self', 'other']) })),
  opening: z.string(),
  replies: z.record(z.string(), z.string()).default({}),
  evidence: z.record(z.string(), z.boolean()).default({}),
  insist: z.boolean().default(false),
  priorTicket: z.object({ scenario: z.string(), status: z.string(), decidedAt: z.string().optional() }).optional(),
  expect: z.object({
    ticket: z.boolean(),
    appealed: z.boolean().optional(),
    scenario: z.string(),
    assessment: z.string().optional(),
    clauseIds: z.array(z.string()).default([]),
    evidenceKinds: z.array(z.string()).default([]),
    mustNotLeak: z.array(z.string()).default([]),
  }),
});
type Case = z.infer<typeof Case>;

const Reply = z.object({
  text: z.string(),
  buttons: z.array(z.object({ title: z.string(), payload: z.string() })).optional(),
  custom: z
    .object({
      expecting: z
        .object({
          slot: z.string(),
          evidenceKind: z.string().optional(),
          options: z.array(z.object({ title: z.string(), payload: z.string() })).optional(),
        })
        .optional(),
      citations: z.array(z.string()).optional(),
    })
    .passthrough()
    .optional(),
});
type Reply = z.infer<typeof Reply>;

const TicketView = z
  .object({
    ticketId: z.string(),
    status: z.string(),
    scenario: z.string(),
    assessment: z.object({ result: z.string(), clauseIds: z.array(z.string()) }),
    evidence: z.array(z.object({ kind: z.string() })),
    appeal: z.object({ evidence: z.array(z.object({ kind: z.string() })) }).optional(),
  })
  .passthrough();

/** Things a refund bot must never say, whatever the case (it recommends; agents decide). */
const PROMISES = [
  '已为您退款',
  '已经为您退款',
  '已给您退款',
  '已退款给您',
  '已为你退款',
  'I have refunded',
  'I refunded',
];
const PNG_1X1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const MAX_TURNS = 24;

const relative = (value: unknown, now: number): unknown => {
  if (typeof value !== 'string') return value;
  const m = /^-(\d+(?:\.\d+)?)([mhd])$/.exec(value);
  if (!m) return value;
  const unit = { m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'm' | 'h' | 'd'];
  return new Date(now - Number(m[1]) * unit).toISOString();
};

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => done(port));
    });
  });
}

interface Outcome {
  ok: boolean;
  reasons: string[];
  notes: string[];
  turns: number;
  log: string[];
}

async function main(): Promise<void> {
  const cases = z
    .array(Case)
    .parse(JSON.parse(readFileSync(args.file, 'utf8')))
    .filter((c) => !args.case || c.id === args.case);
  const runs = Number(args.runs);
  const dataDir = mkdtempSync(join(tmpdir(), 'refund-desk-eval-'));
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    PLATFORM_MODE: 'sandbox',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  };
  delete env.PLATFORM_API_URL;
  delete env.REST_CHANNEL_SECRET;
  delete env.REST_CALLBACK_URL;
  delete env.PUBLIC_URL;
  const loaded = loadConfig(env);
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  const config = loaded.config;
  const log = createLogger({ level: config.LOG_LEVEL, production: true, format: 'json' });
  const started = await startProduct(config, log);
  const base = started.server.url;
  const apiKey = config.PLATFORM_API_KEY;

  const platform = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const res = await fetch(`${base}/platform${path}`, {
      method,
      headers: { authorization: `Bearer ${apiKey}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text.slice(0, 300)}`);
    return JSON.parse(text) as unknown;
  };

  async function play(c: Case, run: number): Promise<Outcome> {
    const now = Date.now();
    const sender = `eval-${c.id}-${run}-${now.toString(36)}`;
    const { owner, ...fields } = c.order;
    const order = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, relative(v, now)]));
    if (Array.isArray(order.charges)) {
      order.charges = (order.charges as Array<Record<string, unknown>>).map((ch) => ({
        ...ch,
        at: relative(ch.at, now),
      }));
    }
    order.buyerId = owner === 'self' ? sender : `someone-else-${c.id}-${run}`;
    const created = z
      .object({ orderNo: z.string(), contact: z.string() })
      .parse(await platform('POST', '/v1/sandbox/orders', order));
    const orderNo = created.orderNo;
    let prior: string | null = null;
    if (c.priorTicket) {
      const t = z.object({ ticketId: z.string() }).parse(
        await platform('POST', '/v1/sandbox/tickets', {
          orderNo,
          buyerId: order.buyerId,
          scenario: c.priorTicket.scenario,
          status: c.priorTicket.status,
          ...(c.priorTicket.decidedAt ? { decidedAt: relative(c.priorTicket.decidedAt, now) } : {}),
        }),
      );
      prior = t.ticketId;
    }
    const fill = (s: string) => s.replaceAll('{{orderNo}}', orderNo).replaceAll('{{contact}}', c.order.contact);
    const all: Reply[] = [];
    const log: string[] = [];
    let sent = 0;
    const send = async (message: string, attachments?: unknown[]): Promise<Reply[]> => {
      sent += 1;
      log.push(`  buyer> ${attachments ? `[upload ${message}]` : message}`);
      const res = await fetch(`${base}/webhooks/rest/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ sender, message: attachments ? '' : message, ...(attachments ? { attachments } : {}) }),
      });
      if (!res.ok) throw new Error(`REST channel answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
      const replies = z.array(Reply).parse(await res.json());
      for (const r of replies) {
        log.push(`  bot>   ${r.text.replace(/\n/g, '\n         ')}`);
        if (r.custom?.expecting || r.custom?.citations)
          log.push(
            `         {expecting: ${JSON.stringify(r.custom?.expecting ?? null)}, citations: ${JSON.stringify(r.custom?.citations ?? [])}}`,
          );
      }
      all.push(...replies);
      return replies;
    };
    const uploaded = new Map<string, number>();
    const answer = (
      e: NonNullable<NonNullable<Reply['custom']>['expecting']>,
    ): { text: string; upload?: string } | null => {
      const payloads = (e.options ?? []).map((o) => o.payload);
      switch (e.slot) {
        case 'order_no':
          return { text: fill(c.replies.order_no ?? '{{orderNo}}') };
        case 'contact':
          return { text: fill(c.replies.contact ?? '{{contact}}') };
        case 'appeal_reason':
          return { text: fill(c.replies.appeal_reason ?? c.replies.free_text ?? '') };
        case 'free_text':
        case 'scenario':
          return c.replies.free_text ? { text: fill(c.replies.free_text) } : null;
        case 'evidence': {
          const kind = e.evidenceKind ?? 'other';
          const times = uploaded.get(kind) ?? 0;
          if (c.evidence[kind] === true && times === 0) {
            uploaded.set(kind, 1);
            return { text: kind, upload: kind };
          }
          return { text: '/no_evidence' };
        }
        case 'confirm':
          if (payloads.includes('/insist')) return { text: c.insist ? '/insist' : '/cancel' };
          if (payloads.includes('/confirm')) return { text: '/confirm' };
          if (payloads.includes('/human')) return { text: c.insist ? '/human' : '/cancel' };
          return { text: payloads[0] ?? '/cancel' };
        default:
          return null;
      }
    };

    let replies = await send(fill(c.opening));
    let turns = 1;
    for (; turns < MAX_TURNS; turns++) {
      const expecting = [...replies].reverse().find((r) => r.custom?.expecting)?.custom?.expecting;
      if (!expecting) break;
      const next = answer(expecting);
      if (!next) break;
      if (next.upload) {
        const bytes = Buffer.concat([Buffer.from(PNG_1X1, 'base64'), Buffer.from(`${sender}:${next.upload}:${turns}`)]);
        replies = await send(next.upload, [
          { name: `${next.upload}.png`, contentType: 'image/png', contentBase64: bytes.toString('base64') },
        ]);
      } else replies = await send(next.text);
    }

    const reasons: string[] = [];
    const notes: string[] = [];
    if (turns >= MAX_TURNS) reasons.push(`no end after ${MAX_TURNS} turns`);
    const tickets = z
      .array(TicketView)
      .parse(await platform('GET', `/v1/tickets?orderNo=${encodeURIComponent(orderNo)}`));
    const fresh = tickets.filter((t) => t.ticketId !== prior);
    const conversationId = `rest:${sender}`;
    const entries = await started.runtime.storage.transcripts.list(conversationId, { limit: 10_000 });
    const events = entries.filter((e) => e.type === 'event').map((e) => e.payload as Record<string, unknown>);
    // The transcript is complete (every message in, every reply out) and its chain verifies with the
    // ticket's head hash in it.
    const ins = entries.filter((e) => e.direction === 'in').length;
    const outs = entries.filter((e) => e.direction === 'out').length;
    if (ins !== sent || outs !== all.length)
      reasons.push(`transcript has ${ins} in / ${outs} out, sent ${sent} / got ${all.length}`);
    const service = started.runtime.transcript.service;
    const resolved = await service.resolve(conversationId);
    const report = resolved ? await service.verify(resolved) : null;
    if (!report?.ok) reasons.push(`transcript does not verify: ${JSON.stringify(report?.broken ?? 'missing')}`);
    if (report?.anchors.some((a) => a.seq === null)) reasons.push('a ticket head hash is not in the transcript');
    const cited = new Set(all.flatMap((r) => r.custom?.citations ?? []));
    const x = c.expect;
    if (x.ticket) {
      const t = fresh[0];
      if (!t) reasons.push('expected a ticket, none opened');
      else {
        if (fresh.length > 1) reasons.push(`${fresh.length} tickets opened`);
        if (t.scenario !== x.scenario) reasons.push(`ticket scenario ${t.scenario}, expected ${x.scenario}`);
        if (x.assessment && t.assessment.result !== x.assessment)
          reasons.push(`assessment ${t.assessment.result}, expected ${x.assessment}`);
        if (x.clauseIds.length > 0 && !x.clauseIds.some((id) => t.assessment.clauseIds.includes(id)))
          reasons.push(`ticket cites ${t.assessment.clauseIds.join(',')}, expected one of ${x.clauseIds.join(',')}`);
        const kinds = t.evidence.map((e) => e.kind);
        for (const k of x.evidenceKinds) if (!kinds.includes(k)) reasons.push(`ticket lacks ${k} evidence`);
      }
    } else {
      if (fresh.length > 0) reasons.push(`unexpected ticket ${fresh[0]?.ticketId} (${fresh[0]?.scenario})`);
      if (x.clauseIds.length > 0 && !x.clauseIds.some((id) => cited.has(id)))
        reasons.push(`replies cite ${[...cited].join(',') || 'nothing'}, expected one of ${x.clauseIds.join(',')}`);
      const scenarios = events.filter((e) => e.event === 'scenario_classified').map((e) => String(e.scenario));
      // FORMAT.md judges no-ticket cases by their citations; the recognised scenario is a note.
      if (!scenarios.includes(x.scenario))
        notes.push(`scenario ${scenarios.join('→') || 'none'}, expected ${x.scenario}`);
      const assessed = events.filter((e) => e.event === 'assessment').map((e) => String(e.result));
      if (x.assessment && assessed.at(-1) !== x.assessment)
        reasons.push(`assessment ${assessed.at(-1) ?? 'none'}, expected ${x.assessment}`);
    }
    if (x.appealed !== undefined) {
      const before = tickets.find((t) => t.ticketId === prior);
      const appealed = before?.status === 'appealed';
      if (x.appealed && !appealed) reasons.push(`prior ticket is ${before?.status ?? 'missing'}, expected appealed`);
      if (!x.appealed && (appealed || tickets.some((t) => t.status === 'appealed')))
        reasons.push('an appeal was filed');
      if (x.appealed && before) {
        const kinds = (before.appeal?.evidence ?? []).map((e) => e.kind);
        for (const k of x.evidenceKinds) if (!kinds.includes(k)) reasons.push(`appeal lacks ${k} evidence`);
      }
    }
    const texts = all.map((r) => r.text);
    for (const s of x.mustNotLeak) if (texts.some((t) => t.includes(s))) reasons.push(`leaked "${s}"`);
    for (const s of PROMISES) if (texts.some((t) => t.includes(s))) reasons.push(`promised a refund: "${s}"`);
    return { ok: reasons.length === 0, reasons, notes, turns, log };
  }

  const results: Array<{ id: string; passed: number; reasons: string[] }> = [];
  try {
    for (const c of cases) {
      let passed = 0;
      const reasons: string[] = [];
      const notes = new Set<string>();
      for (let run = 1; run <= runs; run++) {
        let outcome: Outcome;
        try {
          outcome = await play(c, run);
        } catch (err) {
          outcome = { ok: false, reasons: [`error: ${(err as Error).message}`], notes: [], turns: 0, log: [] };
        }
        for (const n of outcome.notes) notes.add(n);
        if (outcome.ok) passed += 1;
        else reasons.push(`run ${run}: ${outcome.reasons.join('; ')}`);
        if (args.verbose || (!outcome.ok && run === 1)) {
          process.stdout.write(`--- ${c.id} run ${run} (${outcome.turns} turns)\n${outcome.log.join('\n')}\n`);
        }
      }
      results.push({ id: c.id, passed, reasons });
      const status = passed === runs ? 'PASS' : 'FAIL';
      process.stdout.write(`${status} ${c.id} ${passed}/${runs}${reasons.length ? `  ${reasons[0]}` : ''}\n`);
      for (const n of notes) process.stdout.write(`     note: ${n}\n`);
    }
  } finally {
    await started.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  const all = results.filter((r) => r.passed === runs).length;
  const totalRuns = results.reduce((n, r) => n + r.passed, 0);
  process.stdout.write(
    `\n${all}/${results.length} cases passed every run; ${totalRuns}/${results.length * runs} runs passed\n`,
  );
  process.exitCode = all === results.length ? 0 : 1;
}

await main();
