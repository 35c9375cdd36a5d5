import { ASSESSMENT_RESULTS, CHANNELS, SCENARIO_IDS, TICKET_STATUSES } from '../../core/domain.js';
import { type Html, h } from '../html.js';
import { names, TEXTS } from '../i18n.js';
import type { QueuePage, QueueQuery } from '../queue.js';
import { formatTime } from '../time.js';
import { layout, type PageContext } from './layout.js';

function select<T extends string>(
  name: string,
  label: string,
  all: string,
  values: readonly T[],
  chosen: T | undefined,
  show: (v: T) => string,
): Html {
  return h`<label>${label}<select name="${name}">
    <option value="">${all}</option>
    ${values.map((v) => h`<option value="${v}" ${v === chosen ? 'selected' : ''}>${show(v)}</option>`)}
  </select></label>`;
}

export function queueHref(
  query: QueueQuery,
  patch: Partial<Record<keyof QueueQuery, string | number | undefined>>,
): string {
  const params = new URLSearchParams();
  const merged = { ...query, ...patch };
  for (const [k, v] of Object.entries(merged)) if (v !== undefined && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `/agent?${s}` : '/agent';
}

export function queuePage(page: PageContext, data: QueuePage, now: Date): Html {
  const t = TEXTS[page.lang];
  const n = names(page.lang);
  const q = data.query;
  const counts = h`<div class="counts">
    <a class="pill" href="${queueHref(q, { status: undefined, page: undefined })}">${t.all}: ${data.all}</a>
    ${TICKET_STATUSES.map(
      (s) =>
        h`<a class="pill" data-status="${s}" href="${queueHref(q, { status: s, page: undefined })}">${n.status(s)}: ${data.countsByStatus[s]}</a>`,
    )}
  </div>`;
  const filters = h`<form class="filters" method="get" action="/agent">
    ${select('status', t.status, t.all, TICKET_STATUSES, q.status, n.status)}
    ${select('scenario', t.scenario, t.all, SCENARIO_IDS, q.scenario, n.scenario)}
    ${select('assessment', t.assessment, t.all, ASSESSMENT_RESULTS, q.assessment, n.assessment)}
    ${select('channel', t.channel, t.all, CHANNELS, q.channel, n.channel)}
    <label>${t.orderNo}<input type="search" name="q" value="${q.q ?? ''}" placeholder="KM…"></label>
    <button type="submit">${t.filter}</button>
  </form>`;
  const rows = data.items.map((tk) => {
    const overdue =
      Date.parse(tk.slaDueAt) < now.getTime() && ['open', 'awaiting_evidence', 'appealed'].includes(tk.status);
    return h`<tr>
      <td><a href="/agent/tickets/${encodeURIComponent(tk.ticketId)}">${tk.ticketId}</a>${data.handoff.includes(tk.conversationId) ? h` <span class="pill handoff" title="${t.handoff}">${t.human}</span>` : ''}</td>
      <td>${tk.orderNo}</td>
      <td>${n.scenario(tk.scenario)}</td>
      <td><span class="pill ${tk.assessment.result}">${n.assessment(tk.assessment.result)}</span></td>
      <td>${n.status(tk.status)}</td>
      <td>${n.channel(tk.channel)}</td>
      <td class="${overdue ? 'overdue' : ''}">${formatTime(tk.slaDueAt, page.timeZone, 'minute')}${overdue ? h` (${t.overdue})` : ''}</td>
      <td>${formatTime(tk.createdAt, page.timeZone, 'minute')}</td>
    </tr>`;
  });
  const table =
    data.items.length === 0
      ? h`<p>${t.noTickets}</p>`
      : h`<table>
      <thead><tr><th>${t.ticket}</th><th>${t.orderNo}</th><th>${t.scenario}</th><th>${t.assessment}</th><th>${t.status}</th><th>${t.channel}</th><th>${t.slaDue}</th><th>${t.created}</th></tr></thead>
      <tbody>${rows}</tbody>
    </table>`;
  const pager = h`<div class="pager">
    ${data.page > 1 ? h`<a href="${queueHref(q, { page: data.page - 1 })}">${t.prev}</a>` : ''}
    <span>${t.page} ${data.page} / ${data.pages} · ${t.total} ${data.total}</span>
    ${data.page < data.pages ? h`<a href="${queueHref(q, { page: data.page + 1 })}" rel="next">${t.next}</a>` : ''}
  </div>`;
  return layout(page, t.queue, h`<h1>${t.queue}</h1>${counts}${filters}${table}${pager}`);
}
