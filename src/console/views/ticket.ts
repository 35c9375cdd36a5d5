import type { Lang } from '../../core/domain.js';
import type { Order } from '../../ports/platform.js';
import type { TranscriptEntry } from '../../ports/transcript-store.js';
import { DECIDABLE } from '../decide.js';
import { type Html, h } from '../html.js';
import { fill, names, TEXTS, type Texts } from '../i18n.js';
import { matchedCharges, receiptPanel } from '../receipts.js';
import type { Redactor } from '../redact.js';
import type { ShownEvidence, TicketView } from '../ticket-view.js';
import { formatTime } from '../time.js';
import { layout, type PageContext } from './layout.js';

export interface TicketPageOptions {
  revealed: boolean;
  redact: Redactor;
  flash: { kind: 'info' | 'error'; text: string } | null;
}

const IMAGE = /^image\/(png|jpeg|webp|gif)$/;
const evidenceUrl = (sha256: string) => `/agent/evidence/${sha256}`;
/** The transcript module's export route (same session). */
const exportUrl = (conversationId: string, format: 'html' | 'json') =>
  `/api/agent/transcripts/${encodeURIComponent(conversationId)}/export?format=${format}`;
type Time = (iso: string | null | undefined) => string;

function orderFacts(
  t: Texts,
  order: Order | null,
  error: string | null,
  matched: ReadonlySet<string>,
  time: Time,
): Html {
  if (!order) return h`<p class="flash error">${t.orderUnavailable} ${error ?? ''}</p>`;
  return h`<dl class="facts">
    <dt>${t.orderNo}</dt><dd>${order.orderNo}</dd>
    <dt>${t.product}</dt><dd>${order.product.name} (${order.product.kind}, ${order.product.deliveryMode}, ${order.product.promiseHours} h)</dd>
    <dt>${t.amount}</dt><dd>${order.amount.toFixed(2)} ${order.currency}</dd>
    <dt>${t.payment}</dt><dd>${order.paymentChannel}</dd>
    <dt>${t.orderStatus}</dt><dd>${order.status}</dd>
    <dt>${t.paidAt}</dt><dd>${time(order.paidAt)}</dd>
    <dt>${t.deliveredAt}</dt><dd>${time(order.deliveredAt)}</dd>
    <dt>${t.activatedAt}</dt><dd>${time(order.activatedAt)}</dd>
    <dt>${t.charges}</dt><dd>${order.charges.map((c) => h`<div class="${matched.has(c.txnId) ? 'matched' : ''}" data-charge="${c.txnId}">${c.txnId} · ${c.amount.toFixed(2)} · ${time(c.at)}</div>`)}</dd>
    <dt>${t.buyer}</dt><dd>${order.buyerId}</dd>
    <dt>${t.contact}</dt><dd>${order.contact}</dd>
    <dt>${t.supplier}</dt><dd>${order.supplierId}</dd>
  </dl>`;
}

function evidenceGallery(t: Texts, lang: Lang, items: readonly ShownEvidence[]): Html {
  if (items.length === 0) return h`<p>${t.noEvidence}</p>`;
  return h`<div class="gallery">${items.map(
    (e) => h`<figure data-sha256="${e.sha256}" class="${e.receipt ? 'with-receipt' : ''}"><div>
      ${
        IMAGE.test(e.mime)
          ? h`<a href="${evidenceUrl(e.sha256)}" target="_blank" rel="noopener"><img src="${evidenceUrl(e.sha256)}" alt="${e.name ?? e.kind ?? 'evidence'}"></a>`
          : h`<a href="${evidenceUrl(e.sha256)}" target="_blank" rel="noopener">${t.open} ${e.mime === 'application/pdf' ? 'PDF' : e.mime}</a>`
      }
      <figcaption>${e.kind ?? ''} ${e.name ?? ''} · ${e.mime} · ${e.bytes} B
        ${e.text ? h`<div>${e.text}</div>` : ''}
        <div class="hash">sha256 ${e.sha256}</div></figcaption></div>
      ${e.receipt ? receiptPanel(lang, e.receipt) : ''}
    </figure>`,
  )}</div>`;
}

export function payloadText(entry: TranscriptEntry): string {
  const p = entry.payload;
  if (typeof p === 'string') return p;
  if (p && typeof p === 'object' && !Array.isArray(p)) {
    if (typeof p.text === 'string') return p.text;
    if (typeof p.payload === 'string' && typeof p.title === 'string') return `[${p.title}] ${p.payload}`;
    if (typeof p.event === 'string') {
      const { event, ...rest } = p;
      return `${event} ${JSON.stringify(rest)}`;
    }
  }
  return JSON.stringify(p);
}

function transcriptList(view: TicketView, options: TicketPageOptions, time: Time): { html: Html; masked: number } {
  let masked = 0;
  const items = view.transcript.map((e) => {
    let text = payloadText(e);
    if (!options.revealed) {
      const r = options.redact(text);
      masked += r.masked;
      text = r.text;
    }
    return h`<li class="${e.direction}" data-seq="${e.seq}">
      <span class="meta">#${e.seq} · ${time(e.at)} · ${e.actor} · ${e.type}</span><span class="text">${text}</span>
      ${e.attachments.map((a) =>
        IMAGE.test(a.mime)
          ? h`<img src="${evidenceUrl(a.sha256)}" alt="${a.name}">`
          : h`<a href="${evidenceUrl(a.sha256)}" target="_blank" rel="noopener">${a.name} (${a.mime})</a>`,
      )}
    </li>`;
  });
  return { html: h`<ol class="transcript">${items}</ol>`, masked };
}

function integrity(t: Texts, view: TicketView): Html {
  const c = view.chain;
  if (c.entries === 0) return h`<p class="bad" data-integrity="empty">${t.integrityEmpty}</p>`;
  if (!c.ok && c.broken)
    return h`<p class="bad" data-integrity="broken">${fill(t.integrityBroken, { seq: c.broken.seq, reason: c.broken.reason })}</p>`;
  if (!c.containsHead)
    return h`<p class="bad" data-integrity="head">${fill(t.integrityHeadMismatch, { n: c.entries, head: view.bot.headHash.slice(0, 16) })}</p>`;
  return h`<p class="ok" data-integrity="ok">✔ ${fill(t.integrityOk, { n: c.entries })}</p>`;
}

function decisionCard(t: Texts, view: TicketView, time: Time): Html {
  const d = view.platformTicket?.decision;
  const appeal = view.platformTicket?.appeal;
  if (!d && !appeal) return h``;
  return h`<section class="card" id="decision"><h2>${t.decision}</h2>
    ${
      d
        ? h`<dl class="facts">
      <dt>${t.decision}</dt><dd data-decision="${d.decision}">${d.decision}</dd>
      ${d.amount === undefined ? '' : h`<dt>${t.amount}</dt><dd>${d.amount.toFixed(2)}</dd>`}
      <dt>${t.reason}</dt><dd class="text">${d.reason}</dd>
      <dt>${t.clauses}</dt><dd>${d.clauseIds.join(', ')}</dd>
      <dt>${t.agent}</dt><dd>${d.agentId}</dd>
      <dt>${t.decidedAt}</dt><dd>${time(d.at)}</dd>
    </dl>`
        : ''
    }
    ${appeal ? h`<h3>${t.appeal} · ${time(appeal.at)}</h3><p class="text">${appeal.reason}</p>` : ''}
  </section>`;
}

function ownershipAttempts(t: Texts, view: TicketView, time: Time): Html {
  if (view.ownershipAttempts.length === 0) return h``;
  return h`<h3>${t.ownershipAttempts}</h3>
    <ul data-ownership-attempts="${view.ownershipAttempts.length}">${view.ownershipAttempts.map(
      (a) =>
        h`<li><span class="hash">${time(a.at)} · ${a.sender}</span>${
          a.locked ? h` <strong class="bad">${a.locked === 'order' ? t.lockedOrder : t.lockedSender}</strong>` : ''
        }</li>`,
    )}</ul>`;
}

function actions(t: Texts, view: TicketView, csrf: string): Html {
  if (!(DECIDABLE as readonly string[]).includes(view.bot.status)) return h``;
  const base = `/agent/tickets/${encodeURIComponent(view.bot.ticketId)}/decision`;
  const clauses = view.bot.assessment.clauseIds.join(' ');
  return h`<section class="card actions"><h2>${t.actions}</h2>
    <form method="post" action="${base}" id="approve">
      <input type="hidden" name="_csrf" value="${csrf}"><input type="hidden" name="decision" value="approve">
      <label>${t.amount} <input type="number" name="amount" step="0.01" min="0" ${view.order ? h`max="${view.order.amount}" value="${view.order.amount}"` : ''}></label>
      <label>${t.reason} <input type="text" name="reason" maxlength="2000"></label>
      <label>${t.clauseIds} <input type="text" name="clauseIds" value="${clauses}"></label>
      <button type="submit" class="primary">${t.approve}</button>
    </form>
    <form method="post" action="${base}" id="reject">
      <input type="hidden" name="_csrf" value="${csrf}"><input type="hidden" name="decision" value="reject">
      <label>${t.reason} <textarea name="reason" required maxlength="2000"></textarea></label>
      <label>${t.clauseIds} <input type="text" name="clauseIds" value="${clauses}" required></label>
      <small>${t.rejectHint}</small><br>
      <button type="submit" class="danger">${t.reject}</button>
    </form>
    <form method="post" action="${base}" id="request-evidence">
      <input type="hidden" name="_csrf" value="${csrf}"><input type="hidden" name="decision" value="request_evidence">
      <label>${t.reason} <textarea name="reason" required maxlength="2000"></textarea></label>
      <small>${t.evidenceHint}</small><br>
      <button type="submit">${t.requestEvidence}</button>
    </form>
  </section>`;
}

export function ticketPage(page: PageContext, view: TicketView, options: TicketPageOptions): Html {
  const t = TEXTS[page.lang];
  const n = names(page.lang);
  const csrf = page.csrf ?? '';
  const bot = view.bot;
  const assessment = view.platformTicket?.assessment ?? bot.assessment;
  const status = view.platformTicket?.status ?? bot.status;
  const time: Time = (iso) => formatTime(iso, page.timeZone);
  const transcript = transcriptList(view, options, time);
  const ticketPath = `/agent/tickets/${encodeURIComponent(bot.ticketId)}`;
  const body = h`
    <p><a href="/agent">← ${t.back}</a></p>
    ${options.flash ? h`<p class="flash ${options.flash.kind === 'error' ? 'error' : ''}" role="status">${options.flash.text}</p>` : ''}
    <h1>${t.ticket} ${bot.ticketId} · ${n.scenario(bot.scenario)} · <span data-status="${status}">${n.status(status)}</span></h1>
    ${view.platformError ? h`<p class="flash error">${t.platformUnavailable} ${view.platformError}</p>` : ''}
    ${view.conversation?.handoff ? h`<p class="flash">${t.handoff}</p>` : ''}
    <div class="grid">
      <div>
        <section class="card"><h2>${t.assessment}: <span class="pill ${assessment.result}">${n.assessment(assessment.result)}</span></h2>
          ${assessment.reasons.length > 0 ? h`<h3>${t.reasons}</h3><ul>${assessment.reasons.map((r) => h`<li>${r}</li>`)}</ul>` : ''}
          <h3>${t.clauses}</h3>
          ${view.clauses.map(
            (
              c,
            ) => h`<div class="clause" data-clause="${c.id}"><strong>${c.id}${c.clause ? h` ${c.clause.title}` : ''}</strong>
              <div class="text">${c.clause ? c.clause.text : t.clauseMissing}</div></div>`,
          )}
          ${view.platformTicket && view.platformTicket.claims.length > 0 ? h`<h3>${t.claims}</h3><ul>${view.platformTicket.claims.map((c) => h`<li>${options.revealed ? c : options.redact(c).text}</li>`)}</ul>` : ''}
        </section>
        <section class="card" id="evidence"><h2>${t.evidence}</h2>${evidenceGallery(t, page.lang, view.evidence)}</section>
        <section class="card" id="transcript"><h2>${t.transcript}</h2>
          ${integrity(t, view)}
          <p class="hash">${t.hash} ${bot.headHash}</p>
          <p>${t.export}: <a data-export="html" href="${exportUrl(bot.conversationId, 'html')}" target="_blank" rel="noopener">HTML</a>
            · <a data-export="json" href="${exportUrl(bot.conversationId, 'json')}" target="_blank" rel="noopener">JSON</a></p>
          ${
            options.revealed
              ? h`<p class="flash" data-revealed="true">${t.revealed}</p>`
              : transcript.masked > 0
                ? h`<form method="post" action="${ticketPath}/reveal"><input type="hidden" name="_csrf" value="${csrf}"><button type="submit">${t.reveal}</button></form>`
                : ''
          }
          ${transcript.html}
        </section>
      </div>
      <div>
        <section class="card"><h2>${t.orderFacts}</h2>${orderFacts(
          t,
          view.order,
          view.orderError,
          matchedCharges(view.evidence.flatMap((e) => (e.receipt ? [e.receipt] : []))),
          time,
        )}
          <p>${t.channel}: ${n.channel(bot.channel)} · ${t.slaDue}: ${time(bot.slaDueAt)} · ${t.created}: ${time(bot.createdAt)}</p></section>
        ${decisionCard(t, view, time)}
        ${actions(t, view, csrf)}
        <section class="card" id="notes"><h2>${t.notes}</h2>
          ${view.notes.length === 0 ? h`<p>${t.noNotes}</p>` : h`<ul>${view.notes.map((note) => h`<li><span class="hash">${time(note.at)} · ${view.agentEmails[note.agentId] ?? note.agentId}</span> <span class="text">${note.text}</span></li>`)}</ul>`}
          <form method="post" action="${ticketPath}/notes">
            <input type="hidden" name="_csrf" value="${csrf}">
            <textarea name="text" required maxlength="5000"></textarea>
            <button type="submit">${t.addNote}</button>
          </form>
        </section>
        <section class="card" id="history"><h2>${t.history}</h2>
          <ul>${view.history.map((a) => h`<li><span class="hash">${time(a.at)} · ${a.agentId ? (view.agentEmails[a.agentId] ?? a.agentId) : ''}</span> ${a.action} ${a.detail === null ? '' : JSON.stringify(a.detail)}</li>`)}</ul>
          ${ownershipAttempts(t, view, time)}
        </section>
      </div>
    </div>`;
  return layout(page, `${t.ticket} ${bot.ticketId}`, body);
}
