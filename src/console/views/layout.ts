import type { Lang } from '../../core/domain.js';
import type { Agent } from '../../ports/agent-store.js';
import { type Html, h } from '../html.js';
import { fill, TEXTS } from '../i18n.js';

export interface PageContext {
  lang: Lang;
  agent: Agent | null;
  csrf: string | null;
  /** Current path + query, for the language switch. */
  path: string;
  /** Times are shown in this zone. */
  timeZone: string;
}

function langSwitch(page: PageContext): string {
  const url = new URL(page.path, 'http://x');
  url.searchParams.set('lang', page.lang === 'zh' ? 'en' : 'zh');
  return `${url.pathname}${url.search}`;
}

export function layout(page: PageContext, title: string, body: Html): Html {
  const t = TEXTS[page.lang];
  const nav = page.agent
    ? h`<nav>
        <a href="/agent">${t.queue}</a>
        <a href="/agent/overview">${t.overview}</a>
        ${page.agent.role === 'admin' ? h`<a href="/agent/admin/agents">${t.agents}</a>` : ''}
        <span class="spacer"></span>
        <span class="who">${page.agent.email}</span>
        <a href="${langSwitch(page)}">${t.language}</a>
        <form method="post" action="/agent/logout" class="inline">
          <input type="hidden" name="_csrf" value="${page.csrf ?? ''}">
          <button type="submit">${t.signOut}</button>
        </form>
      </nav>`
    : h`<nav><span class="spacer"></span><a href="${langSwitch(page)}">${t.language}</a></nav>`;
  return h`<!doctype html>
<html lang="${page.lang === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · ${t.title}</title>
<link rel="stylesheet" href="/agent/assets/console.css">
</head>
<body>
<header><strong>${t.title}</strong>${nav}</header>
<main>${body}</main>
<footer><small>${fill(t.timesIn, { zone: page.timeZone })}</small></footer>
</body>
</html>`;
}

export const CONSOLE_CSS = `
*{box-sizing:border-box}
body{margin:0;font:14px/1.5 system-ui,"Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif;color:#1f2328;background:#f6f8fa}
header{display:flex;align-items:center;gap:16px;padding:8px 20px;background:#24292f;color:#fff}
header nav{display:flex;align-items:center;gap:14px;flex:1}
header a,header button{color:#fff}
.spacer{flex:1}
.who{opacity:.8}
main{max-width:1280px;margin:0 auto;padding:16px 20px}
footer{max-width:1280px;margin:0 auto;padding:0 20px 16px;color:#57606a}
a{color:#0969da}
form.inline{display:inline}
button,.button{font:inherit;padding:4px 12px;border:1px solid #8c959f;border-radius:6px;background:#fff;color:#1f2328;cursor:pointer}
header button{background:transparent;border-color:#57606a}
button.primary{background:#1f883d;border-color:#1a7f37;color:#fff}
button.danger{background:#cf222e;border-color:#a40e26;color:#fff}
input,select,textarea{font:inherit;padding:4px 6px;border:1px solid #8c959f;border-radius:6px}
textarea{width:100%;min-height:60px}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #d0d7de;vertical-align:top}
th{background:#eaeef2;font-weight:600}
.card{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:12px 16px;margin-bottom:16px}
.card h2{margin:0 0 8px;font-size:16px}
.grid{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:16px}
.filters{display:flex;flex-wrap:wrap;gap:8px;align-items:end;margin-bottom:12px}
.filters label{display:flex;flex-direction:column;font-size:12px;color:#57606a}
.counts{display:flex;flex-wrap:wrap;gap:6px;margin-bottom:12px}
.pill{display:inline-block;padding:1px 8px;border-radius:10px;background:#eaeef2;font-size:12px}
.pill.eligible{background:#dafbe1}.pill.not_eligible{background:#ffebe9}.pill.needs_review{background:#fff8c5}.pill.too_early{background:#ddf4ff}
.pill.handoff{background:#fbefff}
.overdue{color:#cf222e;font-weight:600}
.ok{color:#1a7f37}.bad{color:#cf222e;font-weight:600}
.flash{padding:8px 12px;border-radius:6px;margin-bottom:12px;background:#ddf4ff;border:1px solid #54aeff}
.flash.error{background:#ffebe9;border-color:#ff8182}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:0}
dl.facts dt{color:#57606a}
dl.facts dd{margin:0}
.clause{border-left:3px solid #d0d7de;padding-left:10px;margin:8px 0}
.text{white-space:pre-wrap;word-break:break-word}
.gallery{display:flex;flex-wrap:wrap;gap:12px}
.gallery figure{margin:0;width:220px;background:#f6f8fa;border:1px solid #d0d7de;border-radius:6px;padding:6px}
.gallery img{max-width:100%;max-height:220px;display:block;margin:auto}
.gallery figure.with-receipt{width:560px;display:flex;gap:10px}
.gallery figure.with-receipt>div:first-child{width:220px;flex:none}
.receipt table{border-collapse:collapse;font-size:13px}.receipt th{text-align:left;font-weight:normal;color:#57606a;padding-right:8px}
.receipt .flag,.receipt tr.flag td{color:#b42318;font-weight:600}.receipt .match{color:#1a7f37}
.matched{background:#fff3b0;font-weight:600}
.hash{font-family:ui-monospace,monospace;font-size:11px;word-break:break-all;color:#57606a}
.transcript{list-style:none;padding:0;margin:0;max-height:640px;overflow:auto}
.transcript li{margin:6px 0;padding:6px 10px;border-radius:8px;max-width:85%}
.transcript li.in{background:#ddf4ff;margin-right:auto}
.transcript li.out{background:#eaeef2;margin-left:auto}
.transcript li.system{background:#fff8c5;font-size:12px;max-width:100%}
.transcript .meta{font-size:11px;color:#57606a;display:block}
.transcript img{max-width:240px;max-height:240px;display:block;margin-top:4px}
.actions form{margin-bottom:12px;padding-bottom:12px;border-bottom:1px solid #d0d7de}
.actions label{display:block;margin:4px 0}
.login{max-width:360px;margin:60px auto}
.login label{display:block;margin:8px 0}
.login input{width:100%}
svg text{font-size:11px;fill:#1f2328}
.figures{display:flex;gap:16px;flex-wrap:wrap}
.figure{font-size:28px;font-weight:600}
.pager{display:flex;gap:12px;align-items:center;margin-top:12px}
`;
