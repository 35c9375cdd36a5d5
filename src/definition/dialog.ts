/**
 * The dialog's part of the bot definition (bots/refund/evidence.yaml, rules.yaml, templates.*.yaml):
 * zod schemas, then cross-reference checks (STYLE 4) — every evidence kind has an `ask_<kind>`
 * template, every template key is used, both languages have the same keys, every clause id cited
 * exists in knowledge/. A bad file fails start-up naming the file and the path.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import {
  ASSESSMENT_RESULTS,
  AssessmentResult,
  ClauseId,
  EVIDENCE_KINDS,
  EvidenceKind,
  type Lang,
  REQUIRED_CLAUSE_IDS,
  SCENARIO_IDS,
  ScenarioId,
  TICKET_STATUSES,
} from '../core/domain.js';
import { loadReceiptDefinition, RECEIPT_TEMPLATE_KEYS, type ReceiptDefinition } from './receipts.js';

export const FACT_NAMES = [
  'paid',
  'delivered',
  'promise_passed',
  'activated',
  'multiple_charges',
  'no_reason_marked',
  'within_no_reason_window',
  'refunded',
  'appeal_window_open',
] as const;
export const FactName = z.enum(FACT_NAMES);
export type FactName = z.infer<typeof FactName>;
export type Facts = Record<FactName, boolean>;

const When = z.record(FactName, z.boolean()).default({});
export type When = z.infer<typeof When>;

const Requirement = z.object({ kind: EvidenceKind, when: When }).strict();
export type Requirement = z.infer<typeof Requirement>;

export const EvidenceFile = z
  .object({
    version: z.literal(1),
    requirements: z.record(ScenarioId, z.array(Requirement)),
    appeal: z.object({ fallback: EvidenceKind }).strict(),
    unsolicited: EvidenceKind,
  })
  .strict();
export type EvidenceFile = z.infer<typeof EvidenceFile>;

const Rule = z
  .object({
    when: When,
    result: AssessmentResult,
    clauses: z.array(ClauseId).min(1),
    reason: z.string().regex(/^[a-z_]+$/),
  })
  .strict();
export type Rule = z.infer<typeof Rule>;

const Words = z.array(z.string().min(1)).min(1);

export const RulesFile = z
  .object({
    version: z.literal(1),
    appeal_days: z.number().int().positive().max(365),
    timezone: z.string().min(1),
    eligibility: z.record(ScenarioId, z.array(Rule).min(1)),
    reclassify: z.array(z.object({ from: z.array(ScenarioId).min(1), when: When, to: ScenarioId }).strict()),
    clarify: z.array(z.object({ from: ScenarioId, when: When, choices: z.array(ScenarioId).min(2) }).strict()),
    ticket_clauses: z.array(ClauseId).length(2),
    status_clauses: z.array(ClauseId).length(2),
    apply_clause: ClauseId,
    understanding: z
      .object({
        min_confidence: z.number().min(0).max(1),
        interrupt_confidence: z.number().min(0).max(1),
        max_chars: z.number().int().positive(),
      })
      .strict(),
    lexicon: z
      .object({
        cancel: Words,
        restart: Words,
        confirm: Words,
        insist: Words,
        no_evidence: Words,
        human: Words,
        another_order: Words,
        english: Words,
        chinese: Words,
      })
      .strict(),
  })
  .strict();
export type RulesFile = z.infer<typeof RulesFile>;
export type LexiconName = keyof RulesFile['lexicon'];

/** Template files are nested maps of strings; keys are flattened with dots (`scenario.defective.name`). */
const TemplateTree: z.ZodType<TemplateTree> = z.lazy(() => z.record(z.string(), z.union([z.string(), TemplateTree])));
type TemplateTree = { [key: string]: string | TemplateTree };
export type Templates = ReadonlyMap<string, string>;

export interface DialogDefinition {
  evidence: EvidenceFile;
  rules: RulesFile;
  templates: Record<Lang, Templates>;
  /** How payment receipts are read and matched (receipts.yaml). */
  receipts?: ReceiptDefinition;
}

export class DefinitionError extends Error {
  override readonly name = 'DefinitionError';
  constructor(readonly problems: string[]) {
    super(`bot definition is invalid:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

/** Every template key the dialog renders. Dynamic families are expanded from the ids and the rules. */
export function usedTemplateKeys(rules: RulesFile): Set<string> {
  const keys = new Set<string>([
    ...STATIC_KEYS,
    ...RECEIPT_TEMPLATE_KEYS,
    ...EVIDENCE_KINDS.flatMap((k) => [`ask_${k}`, `evidence_kind.${k}`]),
    ...SCENARIO_IDS.map((s) => `scenario.${s}.name`),
    ...ASSESSMENT_RESULTS.flatMap((r) => [`assessment.${r}`, `assessment_label.${r}`]),
    ...TICKET_STATUSES.map((s) => `status_label.${s}`),
    ...['approve', 'reject', 'request_evidence'].map((d) => `decision_label.${d}`),
    ...['wechat', 'alipay', 'bank_card', 'balance'].flatMap((c) => [`route.${c}`, `status.route.${c}`]),
    ...Object.values(rules.eligibility).flatMap((list) => list.map((r) => `reason.${r.reason}`)),
    ...rules.clarify.flatMap((c) => [`clarify.${c.from}.question`, ...c.choices.map((s) => `clarify.${c.from}.${s}`)]),
    // Policy answers may name any clause of the knowledge base; the required ones have names here.
    ...[...citedClauses(rules), ...REQUIRED_CLAUSE_IDS].map((id) => `clause.${id}`),
  ]);
  return keys;
}

const STATIC_KEYS = [
  'greeting',
  'empty_message',
  'not_understood',
  'stale_button',
  'unknown_command',
  'long_message',
  'platform_unavailable',
  'ask_scenario',
  'order_no_missing',
  'order_no_give_up',
  'ask_contact',
  'contact_failed',
  'contact_missing',
  'ownership_locked',
  'order_switched',
  'evidence_received',
  'evidence_declined',
  'upload_rejected',
  'upload_reason.empty',
  'upload_reason.too_large',
  'upload_reason.type_not_allowed',
  'upload_unsolicited',
  'text_instead_of_upload',
  'option.no_evidence',
  'option.confirm',
  'option.cancel',
  'option.insist',
  'option.human',
  'option.another_order',
  'insist_prompt',
  'not_filed',
  'too_early_end',
  'summary',
  'summary_no_evidence',
  'summary_declined',
  'ticket_opened',
  'review_time',
  'ticket_queued',
  'ticket_opened_later',
  'ticket_failed',
  'cancelled',
  'restarted',
  'handoff',
  'lang_switched',
  'out_of_scope',
  'policy_answer',
  'policy_more',
  'policy_see_also',
  'policy_none',
  'back_to_form',
  'status.none',
  'status.ticket',
  'status.decided',
  'status.pending',
  'status.refunded',
  'status.delay',
  'appeal.none',
  'appeal.already',
  'appeal.ask_reason',
  'appeal.summary',
  'appeal.filed',
  'appeal.queued',
  'appeal.filed_later',
  'notify.approve',
  'notify.reject',
  'notify.reject_appeal',
  'notify.request_evidence',
  'notify.updated',
  'notify.evidence_added',
  'notify.amount',
  'welcome.intro',
  'welcome.choose',
  'welcome.other',
] as const;

/** Clause ids the dialog may cite: every rule's clauses, the ticket/status clauses, RP-15/RP-16 for appeals. */
export function citedClauses(rules: RulesFile): string[] {
  const ids = new Set<string>([...rules.ticket_clauses, ...rules.status_clauses, rules.apply_clause, 'RP-15', 'RP-16']);
  for (const list of Object.values(rules.eligibility)) for (const r of list) for (const c of r.clauses) ids.add(c);
  return [...ids];
}

export function flattenTemplates(tree: TemplateTree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flattenTemplates(value, path)) out.set(k, v);
  }
  return out;
}

/** Clause ids found as `## <ID> title` headings in the Markdown files under `knowledgeDir`. */
export function knowledgeClauseIds(knowledgeDir: string): Set<string> {
  const ids = new Set<string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.md')) {
        for (const m of readFileSync(path, 'utf8').matchAll(/^##\s+([A-Z]+(?:-[A-Z0-9]+)+)\s/gm)) ids.add(m[1] ?? '');
      }
    }
  };
  walk(knowledgeDir);
  return ids;
}

type Source = { file: string; value: unknown };

function parseFile<S extends z.ZodTypeAny>(source: Source, schema: S, problems: string[]): z.infer<S> | undefined {
  const parsed = schema.safeParse(source.value);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    problems.push(`${source.file}: ${issue.path.join('.') || '(file)'}: ${issue.message}`);
  }
  return undefined;
}

/** Validates already-read file contents; `clauseIds` are the ids the knowledge base defines. */
export function validateDialogDefinition(
  files: { evidence: Source; rules: Source; templates: Record<Lang, Source> },
  clauseIds: ReadonlySet<string>,
): DialogDefinition {
  const problems: string[] = [];
  const evidence = parseFile(files.evidence, EvidenceFile, problems);
  const rules = parseFile(files.rules, RulesFile, problems);
  const zh = parseFile(files.templates.zh, TemplateTree, problems);
  const en = parseFile(files.templates.en, TemplateTree, problems);
  if (!evidence || !rules || !zh || !en) throw new DefinitionError(problems);

  const templates = { zh: flattenTemplates(zh), en: flattenTemplates(en) };
  const used = usedTemplateKeys(rules);
  // The greeting's buttons (welcome.start.<scenario id | other>) are the operator's choice.
  for (const key of templates.zh.keys()) {
    const choice = /^welcome\.start\.(.+)$/.exec(key)?.[1];
    if (choice === undefined) continue;
    if (choice === 'other' || (SCENARIO_IDS as readonly string[]).includes(choice)) used.add(key);
    else problems.push(`${files.templates.zh.file}: ${key}: a starting point is a scenario id or "other"`);
  }
  for (const lang of ['zh', 'en'] as const) {
    const file = files.templates[lang].file;
    for (const key of used) if (!templates[lang].has(key)) problems.push(`${file}: ${key}: template missing`);
    for (const key of templates[lang].keys()) if (!used.has(key)) problems.push(`${file}: ${key}: template never used`);
  }
  for (const scenario of [
    'not_delivered',
    'duplicate_charge',
    'defective',
    'wrong_item',
    'not_as_described',
    'supplier_refused',
    'no_reason',
    'used_goods',
    'appeal',
  ] as const) {
    if (!rules.eligibility[scenario]) problems.push(`${files.rules.file}: eligibility.${scenario}: no rules`);
  }
  for (const [scenario, list] of Object.entries(rules.eligibility)) {
    const last = list[list.length - 1];
    if (last && Object.keys(last.when).length > 0) {
      problems.push(`${files.rules.file}: eligibility.${scenario}: the last rule must have no "when" (a default)`);
    }
  }
  for (const id of citedClauses(rules)) {
    if (!clauseIds.has(id)) problems.push(`${files.rules.file}: clause ${id} is cited but not in the knowledge base`);
  }
  for (const key of templates.zh.keys()) {
    const id = key.startsWith('clause.') ? key.slice('clause.'.length) : null;
    if (id && !clauseIds.has(id))
      problems.push(`${files.templates.zh.file}: ${key}: no such clause in the knowledge base`);
  }
  if (problems.length > 0) throw new DefinitionError(problems);
  return { evidence, rules, templates };
}

/** Reads and validates the dialog files under `botsDir/refund` against the clauses in `knowledgeDir`. */
export function loadDialogDefinition(options: { botsDir: string; clauseIds: ReadonlySet<string> }): DialogDefinition {
  const dir = join(options.botsDir, 'refund');
  const problems: string[] = [];
  const read = (name: string): Source => {
    const file = join(dir, name);
    try {
      return { file, value: parseYaml(readFileSync(file, 'utf8')) as unknown };
    } catch (err) {
      problems.push(`${file}: ${(err as Error).message.split('\n')[0]}`);
      return { file, value: undefined };
    }
  };
  const files = {
    evidence: read('evidence.yaml'),
    rules: read('rules.yaml'),
    templates: { zh: read('templates.zh-CN.yaml'), en: read('templates.en.yaml') },
  };
  if (problems.length > 0) throw new DefinitionError(problems);
  return { ...validateDialogDefinition(files, options.clauseIds), receipts: loadReceiptDefinition(dir) };
}
