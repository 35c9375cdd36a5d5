/** The first steps of a turn: de-duplicate, take uploads in, record the buyer's message, understand it. */

import type { Step } from '../compose.js';
import { recordEvent, say, type Turn, t } from '../context.js';
import { isLang, languageOf } from '../language.js';
import type { DialogState } from '../state.js';

type TurnStep = Step<Turn>;

export const dedupe: TurnStep = async (turn, next) => {
  const id = turn.inbound.messageId;
  const seen = id ? turn.state.recent.find((r) => r.messageId === id) : undefined;
  if (seen) {
    turn.replay = seen.replies;
    return;
  }
  await next();
};

/** Uploads go into the content-addressed evidence store before the message is recorded, so the entry carries them. */
export const intake: TurnStep = async (turn, next) => {
  const rejected: Array<{ name: string; reason: string; message: string; bytes: number; detectedMime: string | null }> =
    [];
  for (const upload of turn.inbound.attachments ?? []) {
    const result = await turn.deps.evidence.accept(turn.conversation.id, upload);
    if (result.ok) turn.uploads.push(result.attachment);
    else
      rejected.push({
        name: (upload.name ?? '').slice(0, 300),
        reason: result.reason,
        message: result.message,
        bytes: result.bytes,
        detectedMime: result.detectedMime ?? null,
      });
  }
  await recordInbound(turn);
  for (const r of rejected) {
    await recordEvent(turn, 'upload_rejected', { ...r });
    say(turn, t(turn, 'upload_rejected', { reason: t(turn, `upload_reason.${r.reason}`) }));
  }
  if (rejected.length > 0 && turn.uploads.length === 0 && !turn.text) turn.consumed = true;
  await next();
};

async function recordInbound(turn: Turn): Promise<void> {
  const raw = turn.inbound.text ?? '';
  const type = turn.uploads.length > 0 ? 'attachment' : turn.command ? 'button' : 'text';
  await turn.deps.recorder.record(turn.conversation.id, {
    direction: 'in',
    channel: turn.conversation.channel,
    actor: `buyer:${turn.inbound.userId}`,
    type,
    payload: {
      text: raw,
      ...(turn.inbound.messageId ? { messageId: turn.inbound.messageId } : {}),
      ...(turn.command ? { command: turn.command.name, arg: turn.command.arg } : {}),
      ...((turn.inbound.attachments?.length ?? 0) > turn.uploads.length
        ? { uploadsRejected: (turn.inbound.attachments?.length ?? 0) - turn.uploads.length }
        : {}),
    },
    attachments: turn.uploads,
  });
}

/** Understands the text (never a button payload) and lets the reply language follow the buyer. */
export const understand: TurnStep = async (turn, next) => {
  const { max_chars } = turn.deps.definition.rules.understanding;
  if ((turn.inbound.text ?? '').trim().length > max_chars) say(turn, t(turn, 'long_message'));
  if (turn.text && !turn.command) {
    const detected = languageOf(turn.text);
    if (detected) turn.conversation.lang = detected;
    turn.parse = await turn.deps.understander.parse(turn.text, { now: turn.now });
  } else if (!turn.text && turn.inbound.locale && turn.state.recent.length === 0) {
    const hinted = turn.inbound.locale.slice(0, 2).toLowerCase();
    if (isLang(hinted)) turn.conversation.lang = hinted;
  }
  await next();
};

export function remember(
  state: DialogState,
  messageId: string | undefined,
  replies: DialogState['recent'][number]['replies'],
): void {
  if (!messageId) return;
  state.recent.push({ messageId, replies });
  if (state.recent.length > 20) state.recent.splice(0, state.recent.length - 20);
}
