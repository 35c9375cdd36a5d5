/**
 * Reading a typed message: first as a clear answer to what was asked (an order number, a contact,
 * "yes"), then as an interruption (a human, cancel, another order, a question about the rules),
 * then as a loose answer or the start of a new request.
 */
import type { ScenarioId } from '../../core/domain.js';
import { PlatformError } from '../../ports/platform.js';
import { answerPolicy, cancel, classified, handoff, restart, switchOrder } from '../actions.js';
import type { Step } from '../compose.js';
import { recordEvent, say, type Turn, t } from '../context.js';
import { extractContact, mentions } from '../lexicon.js';
import { ownershipFailed, ownershipStatus } from '../ownership.js';
import { isRefundScenario } from '../scenarios.js';
import { newCase } from '../state.js';
import { addClaim } from './uploads.js';

const words = (turn: Turn) => turn.deps.definition.rules.lexicon;
const orderNoIn = (turn: Turn): string | null =>
  turn.parse?.entities.find((e) => e.entity === 'order_no')?.value ?? null;
const confidence = (turn: Turn, scenario: ScenarioId): number =>
  turn.parse?.ranking.find((r) => r.name === scenario)?.confidence ??
  (turn.parse?.scenario.name === scenario ? turn.parse.scenario.confidence : 0);
const active = (turn: Turn): boolean => turn.consumed || !turn.text;

/** Clear answers to the pending prompt. */
export const strongAnswers: Step<Turn> = async (turn, next) => {
  const asked = turn.asked;
  const c = turn.state.case;
  if (active(turn) || !asked || !c) return next();
  const text = turn.text;
  switch (asked.step) {
    case 'order_no': {
      const orderNo = orderNoIn(turn);
      if (orderNo) {
        c.orderNo = orderNo;
        turn.consumed = true;
      }
      break;
    }
    case 'contact': {
      const contact = extractContact(text);
      if (contact && c.orderNo) {
        turn.consumed = true;
        await verifyContact(turn, c.orderNo, contact);
      }
      break;
    }
    case 'evidence':
    case 'requested_evidence':
      if (mentions(text, words(turn).no_evidence)) {
        turn.consumed = true;
        const kind = asked.evidenceKind ?? 'other';
        if (asked.step === 'evidence') c.declined.push(kind);
        else turn.state.requested = null;
        addClaim(turn, text);
        await recordEvent(turn, 'evidence_received', { kind, none: true });
        say(turn, t(turn, 'evidence_declined', { kind: t(turn, `evidence_kind.${kind}`) }));
      }
      break;
    case 'insist':
      if (mentions(text, words(turn).insist)) {
        c.insisted = true;
        addClaim(turn, text);
        turn.consumed = true;
      } else if (mentions(text, words(turn).cancel)) {
        cancel(turn, 'not_filed');
        return;
      }
      break;
    case 'confirm':
    case 'appeal_confirm':
      if (mentions(text, words(turn).cancel)) {
        cancel(turn);
        return;
      }
      if (mentions(text, words(turn).confirm)) {
        c.confirmed = true;
        turn.consumed = true;
      }
      break;
    case 'locked':
      if (mentions(text, words(turn).human)) return handoff(turn, 'ownership_locked');
      break;
    default:
      break;
  }
  await next();
};

async function verifyContact(turn: Turn, orderNo: string, contact: string): Promise<void> {
  const c = turn.state.case;
  if (!c) return;
  // Locked since the contact was asked (another conversation, another sender): no more guesses.
  if ((await ownershipStatus(turn, orderNo)).locked) return;
  let result: { ok: boolean; buyerId?: string | undefined };
  try {
    result = await turn.deps.platform.verifyOwnership(orderNo, contact);
  } catch (err) {
    if (!(err instanceof PlatformError)) throw err;
    say(turn, t(turn, 'platform_unavailable'));
    return;
  }
  if (result.ok && result.buyerId) {
    c.owner = result.buyerId;
    turn.conversation.buyerId ??= result.buyerId;
    await recordEvent(turn, 'order_verified', { orderNo, ok: true, method: 'contact' });
    return;
  }
  c.contactAttempts += 1;
  const lock = await ownershipFailed(turn, orderNo);
  await recordEvent(turn, 'order_verified', { orderNo, ok: false, method: 'contact', attempt: c.contactAttempts });
  const left = Math.min(3 - c.contactAttempts, lock.left);
  if (left > 0) say(turn, t(turn, 'contact_failed', { left }));
}

/** Requests that can come at any point. */
export const interruptions: Step<Turn> = async (turn, next) => {
  if (active(turn)) return next();
  const text = turn.text;
  const lex = words(turn);
  const short = text.length <= 30;
  const { interrupt_confidence } = turn.deps.definition.rules.understanding;
  // Where the buyer is asked to explain in their own words, only explicit words interrupt.
  const ownWords = turn.asked?.step === 'appeal_reason' || turn.asked?.step === 'clarify';
  const nluSays = (s: ScenarioId) => !ownWords && confidence(turn, s) >= interrupt_confidence;
  if (mentions(text, lex.human) || nluSays('human_handoff')) {
    await classified(turn, 'human_handoff', 'words');
    return handoff(turn, 'asked');
  }
  if (short && mentions(text, lex.restart)) return restart(turn);
  if (short && turn.state.case && mentions(text, lex.cancel)) return cancel(turn);
  if (short && mentions(text, lex.english) && turn.conversation.lang !== 'en') {
    turn.conversation.lang = 'en';
    say(turn, t(turn, 'lang_switched'));
    turn.consumed = true;
    return next();
  }
  if (short && mentions(text, lex.chinese) && turn.conversation.lang !== 'zh') {
    turn.conversation.lang = 'zh';
    say(turn, t(turn, 'lang_switched'));
    turn.consumed = true;
    return next();
  }
  const c = turn.state.case;
  const orderNo = orderNoIn(turn);
  if (c?.orderNo && orderNo && orderNo !== c.orderNo) {
    switchOrder(turn, orderNo);
    addClaim(turn, text);
    return next();
  }
  if (c && mentions(text, lex.another_order)) {
    switchOrder(turn, null);
    return next();
  }
  if (turn.asked && c && nluSays('policy_question') && !orderNo) {
    await answerPolicy(turn, text);
    say(turn, t(turn, 'back_to_form'));
    turn.consumed = true;
    return next();
  }
  await next();
};

/** Loose answers to the pending prompt, or the start of a new request. */
export const looseAnswers: Step<Turn> = async (turn, next) => {
  if (active(turn)) return next();
  const asked = turn.asked;
  const c = turn.state.case;
  const text = turn.text;
  turn.consumed = true;
  if (asked && c) {
    switch (asked.step) {
      case 'order_no':
        c.orderAttempts += 1;
        addClaim(turn, text);
        await rescore(turn);
        say(turn, t(turn, 'order_no_missing'));
        return next();
      case 'contact':
        c.contactAttempts += 1;
        await recordEvent(turn, 'order_verified', {
          orderNo: c.orderNo ?? '',
          ok: false,
          method: 'contact',
          attempt: c.contactAttempts,
        });
        if (c.contactAttempts < 3) say(turn, t(turn, 'contact_missing', { left: 3 - c.contactAttempts }));
        return next();
      case 'evidence':
      case 'requested_evidence':
        addClaim(turn, text);
        say(turn, t(turn, 'text_instead_of_upload'));
        return next();
      case 'clarify': {
        const choices = asked.payloads.map((p) => p.replace(/^\/scenario\s+/, '')) as ScenarioId[];
        const best = [...choices].sort((a, b) => confidence(turn, b) - confidence(turn, a))[0];
        if (best && confidence(turn, best) > 0) {
          c.scenario = best;
          c.clarified = true;
          addClaim(turn, text);
          await classified(turn, best, 'words', { from: c.stated ?? undefined, confidence: confidence(turn, best) });
        } else say(turn, t(turn, 'not_understood'));
        return next();
      }
      case 'appeal_reason':
        if (c.appeal) c.appeal.reason = text.slice(0, 5000);
        addClaim(turn, text);
        return next();
      case 'scenario':
        // An answer to "which situation is it?" is about the situation: a weaker signal will do.
        if (!(await rescore(turn, 0.5))) say(turn, t(turn, 'not_understood'));
        addClaim(turn, text);
        return next();
      case 'locked':
        return next();
      default:
        addClaim(turn, text);
        say(turn, t(turn, 'not_understood'));
        return next();
    }
  }
  await opening(turn);
  await next();
};

/** A message outside any form: a new refund request, a question about the rules, a human, or something else. */
async function opening(turn: Turn): Promise<void> {
  const parse = turn.parse;
  const { min_confidence } = turn.deps.definition.rules.understanding;
  const scenario = parse?.scenario.name ?? 'out_of_scope';
  const conf = parse?.scenario.confidence ?? 0;
  const orderNo = orderNoIn(turn);
  if (scenario === 'policy_question' && conf >= min_confidence && !orderNo) {
    await classified(turn, 'policy_question', 'words', { confidence: conf });
    await answerPolicy(turn, turn.text);
    say(turn, t(turn, 'policy_more'));
    return;
  }
  if (scenario === 'human_handoff' && conf >= min_confidence) {
    await classified(turn, 'human_handoff', 'words', { confidence: conf });
    return handoff(turn, 'asked');
  }
  if (scenario === 'out_of_scope' && conf >= min_confidence && !orderNo) {
    await classified(turn, 'out_of_scope', 'words', { confidence: conf });
    say(turn, t(turn, 'out_of_scope'));
    return;
  }
  const c = turn.state.case ?? newCase(null);
  turn.state.case = c;
  if (orderNo) c.orderNo = orderNo;
  addClaim(turn, turn.text);
  await rescore(turn);
}

/** Takes the scenario from the words when they say it clearly enough; true when they did. */
async function rescore(turn: Turn, factor = 1): Promise<boolean> {
  const c = turn.state.case;
  const parse = turn.parse;
  if (!c || !parse) return false;
  const { min_confidence } = turn.deps.definition.rules.understanding;
  const best =
    parse.ranking.find((r) => isRefundScenario(r.name)) ??
    (isRefundScenario(parse.scenario.name) ? parse.scenario : undefined);
  if (!best || best.confidence < min_confidence * factor || c.scenario) return false;
  c.scenario = best.name;
  c.stated = best.name;
  await classified(turn, best.name, 'words', { confidence: best.confidence });
  return true;
}
