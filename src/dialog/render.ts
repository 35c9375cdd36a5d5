/** Renders templates in the buyer's language: placeholders, clause names, times in the platform's time zone. */
import type { Lang } from '../core/domain.js';
import type { DialogDefinition } from '../definition/dialog.js';

export type Vars = Record<string, string | number>;

export class Renderer {
  constructor(private readonly definition: DialogDefinition) {}

  t(lang: Lang, key: string, vars: Vars = {}): string {
    const template = this.definition.templates[lang].get(key) ?? this.definition.templates.zh.get(key) ?? key;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = vars[name];
      return value === undefined ? whole : String(value);
    });
  }

  has(lang: Lang, key: string): boolean {
    return this.definition.templates[lang].has(key);
  }

  /** "《退款与售后规则》第3条（…）" / "Refund Rules §3 (…)" for each id; the bare id for clauses without a name. */
  clauses(lang: Lang, ids: readonly string[]): string {
    return ids
      .map((id) => (this.has(lang, `clause.${id}`) ? this.t(lang, `clause.${id}`) : id))
      .join(lang === 'zh' ? '、' : ', ');
  }

  time(lang: Lang, at: Date | string): string {
    const date = typeof at === 'string' ? new Date(at) : at;
    const parts = new Intl.DateTimeFormat('en-GB', {
      timeZone: this.definition.rules.timezone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    }).formatToParts(date);
    const p = Object.fromEntries(parts.map((x) => [x.type, x.value]));
    const month = MONTHS[Number(p.month) - 1] ?? p.month;
    return lang === 'zh'
      ? `${p.year}年${Number(p.month)}月${Number(p.day)}日 ${p.hour}:${p.minute}（${p.timeZoneName}）`
      : `${Number(p.day)} ${month} ${p.year}, ${p.hour}:${p.minute} (${p.timeZoneName})`;
  }
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
