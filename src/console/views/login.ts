import { type Html, h } from '../html.js';
import { TEXTS } from '../i18n.js';
import { layout, type PageContext } from './layout.js';

export function loginPage(page: PageContext, loginCsrf: string, error: string | null, email = ''): Html {
  const t = TEXTS[page.lang];
  return layout(
    page,
    t.signIn,
    h`<form class="card login" method="post" action="/agent/login">
      <h2>${t.signIn}</h2>
      ${error ? h`<p class="flash error" role="alert">${error}</p>` : ''}
      <input type="hidden" name="_csrf" value="${loginCsrf}">
      <label>${t.email}<input type="email" name="email" autocomplete="username" required value="${email}"></label>
      <label>${t.password}<input type="password" name="password" autocomplete="current-password" required></label>
      <button type="submit" class="primary">${t.signIn}</button>
    </form>`,
  );
}
