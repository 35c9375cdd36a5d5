/** Things several steps do: hand off to a human, cancel, answer a policy question, switch order. */
import type { ScenarioId } from '../core/domain.js';
import { clauseNames, lang, recordEvent, say, type Turn, t } from './context.js';
import { newCase } from './state.js';

export async function handoff(turn: Turn, reason: string): Promise<void> {
  turn.conversation.handoff = true;
  await recordEvent(turn, 'handoff', { reason });
  say(turn, t(turn, 'handoff'));
  turn.consumed = true;
}

export function endCase(turn: Turn): void {
  turn.state.case = null;
  turn.state.asked = null;
}

export function cancel(turn: Turn, key: 'cancelled' | 'not_filed' = 'cancelled'): void {
  endCase(turn);
  say(turn, t(turn, key));
  turn.consumed = true;
}

export function restart(turn: Turn): void {
  endCase(turn);
  turn.state.requested = null;
  say(turn, t(turn, 'restarted'));
  turn.consumed = true;
}

/** Forgets the order of the case (and what was proven about it), keeping the scenario. */
export function switchOrder(turn: Turn, orderNo: string | null): void {
  const scenario = turn.state.case?.stated ?? turn.state.case?.scenario ?? null;
  const claims = turn.state.case?.claims ?? [];
  turn.state.case = { ...newCase(scenario), orderNo, claims };
  turn.order = undefined;
  say(turn, t(turn, 'order_switched'));
  turn.consumed = true;
}

export async function classified(
  turn: Turn,
  scenario: ScenarioId,
  by: 'words' | 'order_facts' | 'buyer_choice',
  extra: { from?: ScenarioId; confidence?: number } = {},
): Promise<void> {
  await recordEvent(turn, 'scenario_classified', {
    scenario,
    by,
    ...(extra.from ? { from: extra.from } : {}),
    ...(extra.confidence !== undefined ? { confidence: extra.confidence } : {}),
  });
}

/** Answers a question about the rules from the knowledge base, summarising the best clauses, with citations. */
export async function answerPolicy(turn: Turn, query: string): Promise<void> {
  const results = await turn.deps.retriever.search(query, { k: 3, lang: lang(turn) });
  await recordEvent(turn, 'clauses_retrieved', {
    query: query.slice(0, 500),
    clauseIds: results.map((r) => r.id),
  });
  const top = results[0];
  if (!top) {
    say(turn, t(turn, 'policy_none'));
    return;
  }
  const name = (id: string, title: string) =>
    turn.render.has(lang(turn), `clause.${id}`) ? clauseNames(turn, [id]) : `${id} ${title}`;
  const summary = summarise(top.text);
  // Clauses the summary itself refers to ("依据 LAW-CPL-25") are sources of the answer too.
  const referred = [...summary.matchAll(/\b(RP-\d{2}|LAW-[A-Z0-9]+(?:-[A-Z0-9]+)*)\b/g)].map((m) => m[1] ?? '');
  say(turn, t(turn, 'policy_answer', { clause: name(top.id, top.title), summary }), [top.id, ...referred]);
  const next = results[1];
  if (next && next.id !== top.id && next.score >= top.score * 0.8) {
    say(turn, t(turn, 'policy_see_also', { clause: name(next.id, next.title) }), [next.id]);
  }
  turn.consumed = true;
}

/** The first sentences of a clause, without Markdown, up to about 220 characters. */
export function summarise(text: string): string {
  const plain = text
    .replace(/^#+\s.*$/gm, '')
    .replace(/^\s*[-*]\s+/gm, '')
    .replace(/[*_`>]/g, '')
    .replace(/\s*\n\s*/g, ' ')
    .trim();
  if (plain.length <= 220) return plain;
  const cut = plain.slice(0, 220);
  const end = Math.max(cut.lastIndexOf('。'), cut.lastIndexOf('. '), cut.lastIndexOf('；'));
  return end > 80 ? cut.slice(0, end + 1) : `${cut}…`;
}
