import { AGENT_ROLES, type Agent } from '../../ports/agent-store.js';
import { type Html, h } from '../html.js';
import { TEXTS } from '../i18n.js';
import { layout, type PageContext } from './layout.js';

export function agentsPage(
  page: PageContext,
  agents: readonly Agent[],
  flash: { kind: 'info' | 'error'; text: string } | null,
): Html {
  const t = TEXTS[page.lang];
  const csrf = page.csrf ?? '';
  const rows = agents.map(
    (a) => h`<tr data-agent="${a.email}">
      <td>${a.email}</td><td>${a.role}</td><td>${a.disabled ? t.disabled : t.active}</td><td>${a.lastLoginAt ?? '—'}</td>
      <td>${
        a.id === page.agent?.id
          ? ''
          : h`<form method="post" action="/agent/admin/agents/${encodeURIComponent(a.id)}/${a.disabled ? 'enable' : 'disable'}" class="inline">
          <input type="hidden" name="_csrf" value="${csrf}"><button type="submit">${a.disabled ? t.enable : t.disable}</button></form>`
      }</td>
    </tr>`,
  );
  return layout(
    page,
    t.agents,
    h`<h1>${t.agents}</h1>
    ${flash ? h`<p class="flash ${flash.kind === 'error' ? 'error' : ''}">${flash.text}</p>` : ''}
    <table><thead><tr><th>${t.email}</th><th>${t.role}</th><th>${t.status}</th><th>${t.lastLogin}</th><th></th></tr></thead>
    <tbody>${rows}</tbody></table>
    <form class="card filters" method="post" action="/agent/admin/agents">
      <input type="hidden" name="_csrf" value="${csrf}">
      <label>${t.email}<input type="email" name="email" required></label>
      <label>${t.role}<select name="role">${AGENT_ROLES.map((r) => h`<option value="${r}">${r}</option>`)}</select></label>
      <label>${t.password}<input type="password" name="password" required minlength="10" autocomplete="new-password"></label>
      <button type="submit" class="primary">${t.addAgent}</button>
    </form>`,
  );
}

export function messagePage(page: PageContext, title: string, text: string): Html {
  return layout(page, title, h`<h1>${title}</h1><p>${text}</p><p><a href="/agent">←</a></p>`);
}
