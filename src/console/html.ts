/**
 * Server-rendered HTML through Hono's `html` tag: every interpolated value is escaped unless it is
 * itself the output of `h` (or `raw`, used only for markup this code wrote, never for buyer text).
 */
import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

export type Html = HtmlEscapedString;
export { raw };

export function h(strings: TemplateStringsArray, ...values: unknown[]): Html {
  const out = html(strings, ...values);
  if (out instanceof Promise) throw new Error('h: asynchronous values are not supported');
  return out;
}

export const join = (parts: readonly Html[]): Html => h`${parts}`;
