/**
 * The transcript as one self-contained HTML file: no scripts, no external requests (a CSP forbids
 * them), images inline as data: URIs, every piece of buyer text escaped, an integrity statement on top.
 */
import type { JsonValue } from '../core/json.js';
import type { TranscriptView, ViewEntry } from './view.js';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

export type ReadBytes = (sha256: string) => Promise<Uint8Array | null>;

const INLINE_IMAGES = new Set(['image/png', 'image/jpeg', 'image/webp', 'image/gif']);

/** Text of a payload for reading: a string, an object's `text`, or an event's name and data. */
export function payloadText(payload: JsonValue): { text: string; rest: JsonValue | null } {
  if (typeof payload === 'string') return { text: payload, rest: null };
  if (payload && typeof payload === 'object' && !Array.isArray(payload)) {
    const { text, title, event, ...rest } = payload;
    const head = [event, title, text].filter((x): x is string => typeof x === 'string').join(' · ');
    return { text: head, rest: Object.keys(rest).length > 0 ? rest : null };
  }
  return { text: '', rest: payload };
}

function integrityStatement(view: TranscriptView): string {
  const r = view.integrity;
  const lines: string[] = [];
  if (r.ok) {
    lines.push(
      `Integrity verified: ${r.entries} entries form an unbroken SHA-256 hash chain; head hash <code>${r.headHash ?? '(empty)'}</code>.`,
    );
  } else {
    lines.push(
      `<strong>INTEGRITY CHECK FAILED</strong> at entry ${r.broken?.seq}: ${escapeHtml(r.broken?.detail ?? '')} (${escapeHtml(r.broken?.reason ?? '')}).`,
    );
  }
  for (const t of view.tickets) {
    lines.push(
      t.seq === null
        ? `Ticket ${escapeHtml(t.ticketId)} recorded head hash <code>${escapeHtml(t.headHash)}</code>, which is NOT in this chain.`
        : `Ticket ${escapeHtml(t.ticketId)} recorded head hash <code>${escapeHtml(t.headHash)}</code> = entry ${t.seq}.`,
    );
  }
  if (r.purged > 0) lines.push(`${r.purged} entries are past retention: their bodies were removed, their hashes kept.`);
  if (r.attachmentsChecked > 0)
    lines.push(`${r.attachmentsChecked} attachments were re-hashed from their stored bytes.`);
  lines.push(
    view.redacted
      ? 'Card codes, passwords and bank-card numbers are masked for viewing; the stored entries are unchanged and verify with the payload digests listed in the JSON export.'
      : 'Shown unredacted: secrets in buyer messages are visible.',
  );
  lines.push(
    `Checked at ${escapeHtml(view.exportedAt)}. hash = sha256(prevHash + canonical JSON of the entry), see docs/transcript.md.`,
  );
  return lines.map((l) => `<p>${l}</p>`).join('\n');
}

async function attachmentHtml(entry: ViewEntry, read: ReadBytes): Promise<string> {
  const parts: string[] = [];
  for (const a of entry.attachments) {
    const label = `${escapeHtml(a.name)} · ${escapeHtml(a.mime)} · ${a.bytes} bytes · sha256 ${a.sha256}`;
    const bytes = entry.purged ? null : await read(a.sha256);
    if (!bytes) {
      parts.push(`<figure class="att missing"><figcaption>${label} (bytes not available)</figcaption></figure>`);
      continue;
    }
    const uri = `data:${escapeHtml(a.mime)};base64,${Buffer.from(bytes).toString('base64')}`;
    const body = INLINE_IMAGES.has(a.mime)
      ? `<img src="${uri}" alt="${escapeHtml(a.name)}">`
      : `<a download="${escapeHtml(a.name)}" href="${uri}">download</a>`;
    parts.push(`<figure class="att">${body}<figcaption>${label}</figcaption></figure>`);
  }
  return parts.join('');
}

async function entryHtml(entry: ViewEntry, read: ReadBytes): Promise<string> {
  const { text, rest } = payloadText(entry.payload);
  const body = entry.purged
    ? '<p class="purged">(removed after the retention period)</p>'
    : `${text ? `<p class="text">${escapeHtml(text)}</p>` : ''}${
        rest === null ? '' : `<pre>${escapeHtml(JSON.stringify(rest, null, 2))}</pre>`
      }`;
  const masked =
    entry.redactions.length > 0 ? ` <span class="masked">masked: ${entry.redactions.join(', ')}</span>` : '';
  return `<article class="entry ${entry.direction}" id="e${entry.seq}">
<header>#${entry.seq} · ${escapeHtml(entry.at)} · ${entry.direction} · ${escapeHtml(entry.actor)} · ${entry.type}${masked}</header>
${body}${await attachmentHtml(entry, read)}
<footer>hash ${entry.hash}</footer>
</article>`;
}

const STYLE = `body{font:14px/1.5 system-ui,"Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif;max-width:860px;margin:2em auto;padding:0 1em;color:#222}
.integrity{border:2px solid #2a7;padding:.5em 1em;border-radius:6px}.integrity.bad{border-color:#c33;background:#fee}
.entry{border-left:4px solid #bbb;margin:1em 0;padding:.3em .8em;background:#fafafa}.entry.in{border-color:#36c}.entry.out{border-color:#2a7}.entry.system{border-color:#999;background:#f3f3f3}
.entry header,.entry footer{color:#666;font-size:12px}.entry footer{font-family:monospace;word-break:break-all}
.text{white-space:pre-wrap;word-break:break-word}pre{white-space:pre-wrap;font-size:12px}.masked{color:#a60}
img{max-width:100%;max-height:480px;border:1px solid #ddd}figure{margin:.5em 0}figcaption{font-size:12px;color:#666;word-break:break-all}`;

export async function renderHtml(view: TranscriptView, read: ReadBytes): Promise<string> {
  const entries: string[] = [];
  for (const e of view.entries) entries.push(await entryHtml(e, read));
  const title = `Transcript ${escapeHtml(view.conversationId)}`;
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<meta name="referrer" content="no-referrer">
<title>${title}</title><style>${STYLE}</style></head>
<body><h1>${title}</h1>
<section class="integrity${view.integrity.ok ? '' : ' bad'}">
${integrityStatement(view)}
</section>
${entries.join('\n')}
</body></html>
`;
}
