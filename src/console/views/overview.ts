import { type Html, h } from '../html.js';
import { names, TEXTS } from '../i18n.js';
import type { Overview } from '../stats.js';
import { barChart, columnChart } from './charts.js';
import { layout, type PageContext } from './layout.js';

export function overviewPage(page: PageContext, o: Overview): Html {
  const t = TEXTS[page.lang];
  const n = names(page.lang);
  const share = o.selfServed.share === null ? t.none : `${(o.selfServed.share * 100).toFixed(1)}%`;
  const hours = o.medianDecisionHours;
  const medianText =
    hours === null ? t.none : hours < 1 ? `${Math.round(hours * 60)} ${t.minutes}` : `${hours.toFixed(1)} ${t.hours}`;
  return layout(
    page,
    t.overview,
    h`<h1>${t.overview}</h1>
    <div class="figures">
      <section class="card"><h2>${t.selfServed}</h2><div class="figure" data-figure="self-served">${share}</div>
        <small>${o.selfServed.count} / ${o.conversations} ${t.conversations}</small></section>
      <section class="card"><h2>${t.medianDecision}</h2><div class="figure" data-figure="median-decision">${medianText}</div>
        <small>n = ${o.decided}</small></section>
      <section class="card"><h2>${t.ticketsTotal}</h2><div class="figure" data-figure="tickets">${o.tickets}</div></section>
    </div>
    <section class="card"><h2>${t.perScenario}</h2>
      ${
        o.perScenario.length === 0
          ? h`<p>${t.none}</p>`
          : barChart(
              o.perScenario.map((s) => ({ label: n.scenario(s.scenario), value: s.count })),
              { title: t.perScenario },
            )
      }
    </section>
    <section class="card"><h2>${t.perDay}</h2>
      ${columnChart(
        o.perDay.map((d) => ({ label: d.day.slice(5), value: d.count })),
        { title: t.perDay, width: 700 },
      )}
    </section>`,
  );
}
