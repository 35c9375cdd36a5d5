/** The last step: a turn never ends in silence. */
import type { Step } from '../compose.js';
import { say, type Turn, t } from '../context.js';

export const fallback: Step<Turn> = async (turn, next) => {
  const empty = !turn.text && (turn.inbound.attachments?.length ?? 0) === 0;
  if (empty) turn.parts.unshift({ text: t(turn, 'empty_message'), citations: [] });
  if (!turn.expecting && !turn.state.case && (empty || turn.parts.length === 0)) say(turn, t(turn, 'greeting'));
  else if (turn.parts.length === 0) say(turn, t(turn, 'not_understood'));
  await next();
};
