// The Vietnamese civil calendar as the register uses it (DESIGN.md §5): legal dates are calendar
// days 'YYYY-MM-DD' in the Asia/Ho_Chi_Minh time zone, never instants. Part of the ground: any
// module may import it; it imports nothing of ours.

/** Today's date in the Asia/Ho_Chi_Minh calendar. */
export function todayInVietnam(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** The calendar day `days` after (or before, when negative) `date`. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Whole years of age on `date` of someone born on `birthDate` (a birthday counts on its day). */
export function ageOn(birthDate: string, date: string): number {
  const years = Number(date.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return date.slice(5) >= birthDate.slice(5) ? years : years - 1;
}
