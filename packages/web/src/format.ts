// Dates as officers read them: dd/mm/yyyy in both languages (the Vietnamese convention; the
// English console keeps it so that one officer's screen reads like another's), and the API's
// YYYY-MM-DD on the wire. Instants are shown in the Asia/Ho_Chi_Minh calendar.

/** '2026-01-15' → '15/01/2026'. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

// One formatter for the console's life: building an Intl.DateTimeFormat with a time zone costs far
// more than formatting with it, and a person's history formats two instants per version.
const VIETNAM_TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false,
});

/** An instant as dd/mm/yyyy hh:mm in Vietnam's time. */
export function formatInstant(iso: string): string {
  const parts = VIETNAM_TIME.formatToParts(new Date(iso));
  const p = (t: string) => parts.find((x) => x.type === t)?.value ?? '';
  return `${p('day')}/${p('month')}/${p('year')} ${p('hour')}:${p('minute')}`;
}

/** 'd/m/yyyy' or 'dd/mm/yyyy' (also with - or .) → '2026-01-15'; undefined when not a real date. */
export function parseDate(text: string): string | undefined {
  const m = /^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$/.exec(text);
  if (!m) return undefined;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return undefined;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export const number = (n: number, lang: string) => n.toLocaleString(lang === 'en' ? 'en-GB' : 'vi-VN');

/** Today in Vietnam as YYYY-MM-DD. */
export function todayInVietnam(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}
