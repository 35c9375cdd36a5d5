/** Times as agents read them: in the console's time zone (CONSOLE_TIME_ZONE, Asia/Shanghai by default). */
const formats = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formats.get(timeZone);
  if (!f) {
    // sv-SE writes ISO-like "2026-11-26 20:00:00".
    f = new Intl.DateTimeFormat('sv-SE', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formats.set(timeZone, f);
  }
  return f;
}

/** "2026-11-26 20:00:00" (or to the minute); "—" when there is no time. */
export function formatTime(
  iso: string | Date | null | undefined,
  timeZone: string,
  precision: 'second' | 'minute' = 'second',
): string {
  if (!iso) return '—';
  const at = typeof iso === 'string' ? new Date(iso) : iso;
  if (Number.isNaN(at.getTime())) return String(iso);
  const text = formatter(timeZone).format(at);
  return precision === 'minute' ? text.slice(0, 16) : text;
}

/** The calendar day ("2026-11-26") of an instant in the zone. */
export const dayIn = (at: string | Date, timeZone: string): string => formatTime(at, timeZone).slice(0, 10);
