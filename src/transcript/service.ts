/** Verify, view and export transcripts by conversation id or by the id of a ticket opened from one. */
import type { TicketStore } from '../ports/ticket-store.js';
import type { TranscriptEntry, TranscriptStore } from '../ports/transcript-store.js';
import { renderHtml } from './html.js';
import { type VerifyReport, verifyStored } from './verify.js';
import { EXPORT_FORMAT, type TranscriptView, viewEntry } from './view.js';

export interface TranscriptServiceOptions {
  store: TranscriptStore;
  readAttachment: (sha256: string) => Promise<Uint8Array | null>;
  tickets?: TicketStore;
  now?: () => Date;
}

export interface ResolvedTranscript {
  conversationId: string;
  tickets: Array<{ ticketId: string; headHash: string }>;
}

export class TranscriptService {
  readonly #o: TranscriptServiceOptions;

  constructor(options: TranscriptServiceOptions) {
    this.#o = options;
  }

  /** `id` is a conversation id or a ticket id; null when neither has a transcript. */
  async resolve(id: string): Promise<ResolvedTranscript | null> {
    const ticket = await this.#o.tickets?.get(id);
    const conversationId = ticket ? ticket.conversationId : id;
    if ((await this.#o.store.count(conversationId)) === 0) return null;
    const linked = this.#o.tickets ? (await this.#o.tickets.list({ conversationId, limit: 1000 })).items : [];
    const tickets = linked.map((t) => ({ ticketId: t.ticketId, headHash: t.headHash }));
    if (ticket && !tickets.some((t) => t.ticketId === ticket.ticketId)) {
      tickets.push({ ticketId: ticket.ticketId, headHash: ticket.headHash });
    }
    return { conversationId, tickets };
  }

  async verify(resolved: ResolvedTranscript): Promise<VerifyReport> {
    return verifyStored(this.#o.store, resolved.conversationId, {
      readAttachment: this.#o.readAttachment,
      anchors: resolved.tickets.map((t) => t.headHash),
    });
  }

  async view(resolved: ResolvedTranscript, options: { reveal?: boolean } = {}): Promise<TranscriptView> {
    const integrity = await this.verify(resolved);
    const entries: TranscriptEntry[] = await this.#o.store.list(resolved.conversationId);
    const anchorSeq = new Map(integrity.anchors.map((a) => [a.hash, a.seq]));
    return {
      format: EXPORT_FORMAT,
      conversationId: resolved.conversationId,
      exportedAt: (this.#o.now?.() ?? new Date()).toISOString(),
      redacted: !options.reveal,
      integrity,
      tickets: resolved.tickets.map((t) => ({ ...t, seq: anchorSeq.get(t.headHash) ?? null })),
      entries: entries.map((e) => viewEntry(e, options.reveal ?? false)),
    };
  }

  async exportJson(resolved: ResolvedTranscript, options: { reveal?: boolean } = {}): Promise<string> {
    return `${JSON.stringify(await this.view(resolved, options), null, 2)}\n`;
  }

  async exportHtml(resolved: ResolvedTranscript, options: { reveal?: boolean } = {}): Promise<string> {
    return renderHtml(await this.view(resolved, options), this.#o.readAttachment);
  }
}
