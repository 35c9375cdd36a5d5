/**
 * Moving a refund case forward (SPEC §1): each step checks whether what it needs is known; if not it
 * asks (a structured prompt, §12) and the turn ends there, otherwise it passes on. Running the chain
 * again after any interruption re-asks exactly what is still missing.
 */
import { SCENARIO_IDS, type ScenarioId } from '../../core/domain.js';
import { type Order, PlatformError } from '../../ports/platform.js';
import { classified, endCase } from '../actions.js';
import { evidenceSummary, reasonVars, tellAssessment } from '../assessment.js';
import { compose, type Step } from '../compose.js';
import { ask, clauseNames, option, recordEvent, say, type Turn, t } from '../context.js';
import { assess, clarifyChoices, orderFacts, reclassify, requiredEvidence } from '../eligibility.js';
import { ownershipStatus } from '../ownership.js';
import { isRefundScenario } from '../scenarios.js';
import type { CaseState } from '../state.js';
import { appealFlow } from './appeal.js';
import { reportStatus } from './status.js';
import { openTicket } from './ticket.js';

type CaseStep = Step<Turn & { case: CaseState }>;

/** The order of the case, fetched once per turn; null when the platform has none (said nowhere). */
export async function loadOrder(turn: Turn, orderNo: string): Promise<Order | null> {
  if (turn.order !== undefined) return turn.order;
  const c = turn.state.case;
  const cached = c?.owner && c.order?.orderNo === orderNo ? c.order : null;
  try {
    turn.order = await turn.deps.platform.getOrder(orderNo);
  } catch (err) {
    if (!(err instanceof PlatformError) || !cached) throw err;
    turn.order = cached;
  }
  if (c?.owner && turn.order) c.order = turn.order;
  return turn.order;
}

const needScenario: CaseStep = async (turn, next) => {
  if (turn.case.scenario) return next();
  const options = SCENARIO_IDS.filter(isRefundScenario).map((s) => ({
    title: t(turn, `scenario.${s}.name`),
    payload: `/scenario ${s}`,
  }));
  ask(turn, 'scenario', 'scenario', t(turn, 'ask_scenario'), { options });
};

/** For appeals and status questions of a signed-in buyer, the one ticket that fits tells the order. */
async function orderFromTickets(turn: Turn, scenario: ScenarioId | null): Promise<string | null> {
  const buyer = turn.conversation.buyerId;
  if (!buyer || (scenario !== 'appeal' && scenario !== 'refund_status')) return null;
  const tickets = await turn.deps.platform.listTickets({ buyerId: buyer });
  const fitting = tickets.filter((x) => (scenario === 'appeal' ? x.status === 'rejected' : x.status !== 'closed'));
  const orders = [...new Set(fitting.map((x) => x.orderNo))];
  return orders.length === 1 ? (orders[0] ?? null) : null;
}

const needOrder: CaseStep = async (turn, next) => {
  if (turn.case.orderNo) return next();
  if (turn.case.orderAttempts === 0) {
    const found = await orderFromTickets(turn, turn.case.scenario);
    if (found) {
      turn.case.orderNo = found;
      return next();
    }
  }
  if (turn.case.orderAttempts >= 2) {
    say(turn, t(turn, 'order_no_give_up'));
    endCase(turn);
    return;
  }
  ask(turn, 'order_no', 'order_no', t(turn, 'ask_order_no'), { options: [option(turn, 'cancel')] });
};

/** SPEC §7 verify: nothing about an order is said before it is proven to be the buyer's. */
const ownership: CaseStep = async (turn, next) => {
  const c = turn.case;
  const orderNo = c.orderNo ?? '';
  if (turn.state.lockedOrders.includes(orderNo)) {
    ask(turn, 'locked', 'confirm', t(turn, 'ownership_locked'), {
      options: [option(turn, 'human'), option(turn, 'another_order'), option(turn, 'cancel')],
    });
    return;
  }
  if (c.owner) return next();
  const order = await loadOrder(turn, orderNo);
  const buyer = turn.conversation.buyerId;
  if (order && buyer && order.buyerId === buyer) {
    c.owner = buyer;
    c.order = order;
    await recordEvent(turn, 'order_verified', { orderNo, ok: true, method: 'bound_buyer' });
    return next();
  }
  if (c.contactAttempts >= 3 || (await ownershipStatus(turn, orderNo)).locked) {
    turn.state.lockedOrders.push(orderNo);
    await recordEvent(turn, 'order_verified', { orderNo, ok: false, locked: true });
    ask(turn, 'locked', 'confirm', t(turn, 'ownership_locked'), {
      options: [option(turn, 'human'), option(turn, 'another_order'), option(turn, 'cancel')],
    });
    return;
  }
  ask(turn, 'contact', 'contact', t(turn, 'ask_contact'), { options: [option(turn, 'another_order')] });
};

/** Order facts beat words (SPEC §3): reclassify, or ask when the words and the facts disagree. */
const factsBeatWords: CaseStep = async (turn, next) => {
  const c = turn.case;
  const order = await loadOrder(turn, c.orderNo ?? '');
  if (!order || !c.scenario) return;
  const facts = orderFacts(order, turn.now);
  const scenario = reclassify(turn.deps.definition.rules, c.scenario, facts);
  if (scenario !== c.scenario) {
    await classified(turn, scenario, 'order_facts', { from: c.scenario });
    c.scenario = scenario;
    c.assessed = null;
  }
  const choices = c.clarified ? null : clarifyChoices(turn.deps.definition.rules, c.scenario, facts);
  if (choices) {
    const from = c.scenario;
    ask(turn, 'clarify', 'free_text', t(turn, `clarify.${from}.question`), {
      options: choices.map((s) => ({ title: t(turn, `clarify.${from}.${s}`), payload: `/scenario ${s}` })),
    });
    return;
  }
  await next();
};

const afterSale: CaseStep = async (turn, next) => {
  if (turn.case.scenario === 'refund_status') return reportStatus(turn, turn.case);
  if (turn.case.scenario === 'appeal') return appealFlow(turn, turn.case);
  await next();
};

/** Assesses (SPEC §6), fetches the cited clauses, and tells the buyer where they stand, once per assessment. */
const assessAndTell: CaseStep = async (turn, next) => {
  const c = turn.case;
  const order = turn.order;
  const scenario = c.scenario;
  if (!order || !scenario) return;
  const rules = turn.deps.definition.rules;
  const evaluation = assess(rules, scenario, orderFacts(order, turn.now));
  if (!evaluation) return;
  if (!c.assessed || c.assessed.result !== evaluation.result || c.assessed.reason !== evaluation.reason) {
    c.assessed = { ...evaluation, reasons: [evaluation.reason], vars: reasonVars(turn, order) };
    c.told = false;
    await recordEvent(turn, 'assessment', {
      scenario,
      result: evaluation.result,
      clauseIds: evaluation.clauseIds,
      reason: evaluation.reason,
    });
  }
  if (!c.told) await tellAssessment(turn, c);
  await next();
};

const tooEarly: CaseStep = async (turn, next) => {
  if (turn.case.assessed?.result !== 'too_early') return next();
  say(turn, t(turn, 'too_early_end'));
  endCase(turn);
};

/** A buyer who insists may still open a ticket on a not_eligible assessment; the bot says so honestly. */
const notEligible: CaseStep = async (turn, next) => {
  const c = turn.case;
  if (c.assessed?.result !== 'not_eligible' || c.insisted) return next();
  ask(turn, 'insist', 'confirm', t(turn, 'insist_prompt'), {
    options: [option(turn, 'insist'), option(turn, 'cancel')],
    citations: c.assessed.clauseIds,
  });
};

const evidence: CaseStep = async (turn, next) => {
  const c = turn.case;
  if (!turn.order || !c.scenario) return;
  const needed = requiredEvidence(turn.deps.definition.evidence, c.scenario, orderFacts(turn.order, turn.now));
  const missing = needed.find((k) => !c.declined.includes(k) && !c.evidence.some((e) => e.kind === k));
  if (!missing) return next();
  ask(turn, 'evidence', 'evidence', t(turn, `ask_${missing}`), {
    evidenceKind: missing,
    options: [option(turn, 'no_evidence')],
  });
};

const confirm: CaseStep = async (turn, next) => {
  const c = turn.case;
  if (c.confirmed) return next();
  const assessed = c.assessed;
  if (!assessed || !c.scenario) return;
  ask(
    turn,
    'confirm',
    'confirm',
    t(turn, 'summary', {
      orderNo: c.orderNo ?? '',
      // The order is proven the buyer's by now: naming the product helps them check it is the right one.
      product: turn.order?.product.name ?? '',
      scenario: t(turn, `scenario.${c.scenario}.name`),
      evidence: evidenceSummary(turn, c),
      assessment: t(turn, `assessment_label.${assessed.result}`),
      clauses: clauseNames(turn, assessed.clauseIds),
    }),
    { options: [option(turn, 'confirm'), option(turn, 'cancel')], citations: assessed.clauseIds },
  );
};

const open: CaseStep = async (turn) => {
  await openTicket(turn, turn.case);
};

const flow = compose<Turn & { case: CaseState }>([
  needScenario,
  needOrder,
  ownership,
  factsBeatWords,
  afterSale,
  assessAndTell,
  tooEarly,
  notEligible,
  evidence,
  confirm,
  open,
]);

/** Moves the case forward, unless the turn ended it or handed it to a human. */
export const advance: Step<Turn> = async (turn, next) => {
  const c = turn.state.case;
  if (c && !turn.expecting) {
    try {
      await flow(Object.assign(turn, { case: c }), async () => {});
    } catch (err) {
      if (!(err instanceof PlatformError)) throw err;
      turn.deps.log.warn({ err, conversationId: turn.conversation.id }, 'platform unavailable during a turn');
      say(turn, t(turn, 'platform_unavailable'));
    }
  }
  await next();
};

export const scenarioName = (turn: Turn, s: ScenarioId): string => t(turn, `scenario.${s}.name`);
