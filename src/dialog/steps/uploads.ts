/** Files the buyer sent: the evidence asked for, evidence an agent requested, or unsolicited material. */
import type { Step } from '../compose.js';
import { recordEvent, say, type Turn, t } from '../context.js';
import { readReceipt } from '../receipts.js';
import type { EvidenceRef } from '../state.js';

export const uploads: Step<Turn> = async (turn, next) => {
  if (turn.uploads.length === 0) return next();
  const asked = turn.asked;
  const c = turn.state.case;
  const requested = turn.state.requested;
  if (asked?.step === 'requested_evidence' && requested) {
    const evidence = turn.uploads.map((u) => ({
      kind: requested.kind,
      sha256: u.sha256,
      mime: u.mime,
      bytes: u.bytes,
    }));
    await turn.deps.platform.addEvidence(requested.ticketId, {
      evidence,
      ...(turn.text ? { note: turn.text.slice(0, 2000) } : {}),
    });
    await recordEvent(turn, 'evidence_received', {
      kind: requested.kind,
      ticketId: requested.ticketId,
      count: turn.uploads.length,
    });
    turn.state.requested = null;
    say(turn, t(turn, 'notify.evidence_added', { ticketId: requested.ticketId }));
  } else {
    const kind =
      asked?.step === 'evidence' && asked.evidenceKind ? asked.evidenceKind : turn.deps.definition.evidence.unsolicited;
    for (const u of turn.uploads) {
      const ref: EvidenceRef = { kind, sha256: u.sha256, mime: u.mime, bytes: u.bytes, name: u.name };
      c?.evidence.push(ref);
      await recordEvent(turn, 'evidence_received', { kind, sha256: u.sha256, mime: u.mime, bytes: u.bytes });
      say(
        turn,
        asked?.step === 'evidence'
          ? t(turn, 'evidence_received', {
              kind: t(turn, `evidence_kind.${kind}`),
              name: u.name || u.sha256.slice(0, 12),
            })
          : t(turn, 'upload_unsolicited'),
      );
      await readReceipt(turn, ref);
    }
  }
  if (turn.text && turn.state.case) addClaim(turn, turn.text);
  turn.consumed = true;
  await next();
};

export function addClaim(turn: Turn, text: string): void {
  const c = turn.state.case;
  if (!c || !text) return;
  c.claims.push(text.slice(0, 2000));
  if (c.claims.length > 20) c.claims.splice(0, c.claims.length - 20);
}
