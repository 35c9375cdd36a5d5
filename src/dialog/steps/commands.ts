/** Button payloads (SPEC §12): always understood, at any step; a payload for a step that has passed is stale. */
import { ScenarioId } from '../../core/domain.js';
import { cancel, classified, handoff, restart, switchOrder } from '../actions.js';
import type { Step } from '../compose.js';
import { recordEvent, say, type Turn, t } from '../context.js';
import { isLang } from '../language.js';
import { newCase } from '../state.js';

export const commands: Step<Turn> = async (turn, next) => {
  const command = turn.command;
  if (!command || turn.consumed) return next();
  turn.consumed = true;
  const asked = turn.asked;
  const c = turn.state.case;
  switch (command.name) {
    case 'start':
      say(turn, t(turn, 'greeting'));
      return;
    case 'cancel':
      return cancel(turn, asked?.step === 'insist' ? 'not_filed' : 'cancelled');
    case 'restart':
      return restart(turn);
    case 'human':
      return handoff(turn, 'button');
    case 'lang': {
      const wanted = command.arg.slice(0, 2).toLowerCase();
      if (isLang(wanted)) {
        turn.conversation.lang = wanted;
        say(turn, t(turn, 'lang_switched'));
        return next();
      }
      break;
    }
    case 'another_order':
      if (c) {
        switchOrder(turn, null);
        return next();
      }
      break;
    case 'no_evidence':
      if (c && asked?.step === 'evidence' && asked.evidenceKind) {
        c.declined.push(asked.evidenceKind);
        await recordEvent(turn, 'evidence_received', { kind: asked.evidenceKind, none: true });
        say(turn, t(turn, 'evidence_declined', { kind: t(turn, `evidence_kind.${asked.evidenceKind}`) }));
        return next();
      }
      if (asked?.step === 'requested_evidence') {
        turn.state.requested = null;
        say(turn, t(turn, 'evidence_declined', { kind: t(turn, 'evidence_kind.other') }));
        return next();
      }
      break;
    case 'confirm':
      if (c && (asked?.step === 'confirm' || asked?.step === 'appeal_confirm')) {
        c.confirmed = true;
        return next();
      }
      break;
    case 'insist':
      if (c && asked?.step === 'insist') {
        c.insisted = true;
        return next();
      }
      break;
    case 'scenario': {
      const scenario = ScenarioId.safeParse(command.arg);
      if (!scenario.success) break;
      if (asked?.step === 'clarify' && c) {
        c.scenario = scenario.data;
        c.clarified = true;
        await classified(turn, scenario.data, 'buyer_choice', { from: c.stated ?? undefined });
        return next();
      }
      if (asked === null || asked.step === 'scenario') {
        turn.state.case = c ? { ...c, scenario: scenario.data, stated: scenario.data } : newCase(scenario.data);
        await classified(turn, scenario.data, 'buyer_choice');
        return next();
      }
      break;
    }
    default:
      say(turn, t(turn, 'unknown_command'));
      return next();
  }
  say(turn, t(turn, 'stale_button'));
  return next();
};
