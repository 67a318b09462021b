// Calendar days as integers (days since 1970-01-01): the generator does date arithmetic on
// tens of millions of people, so it works on numbers and formats through a lookup table.
const MS_PER_DAY = 86_400_000;
const FIRST_DAY = Date.UTC(1860, 0, 1) / MS_PER_DAY;

// Filled in order up front (a packed array; filling it sparsely would make it a dictionary).
const LAST_DAY = Date.UTC(2400, 0, 1) / MS_PER_DAY;
let table: string[] | undefined;

export function dayOf(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`not a date YYYY-MM-DD: ${date}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / MS_PER_DAY;
}

/** 'YYYY-MM-DD' of a day number (a table of 1860–2399: 196,000 strings, built on first use). */
export function dateOfDay(day: number): string {
  const i = day - FIRST_DAY;
  if (i < 0 || day >= LAST_DAY) return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
  if (!table) {
    table = [];
    for (let d = FIRST_DAY; d < LAST_DAY; d++) table.push(new Date(d * MS_PER_DAY).toISOString().slice(0, 10));
  }
  return table[i]!;
}

export function yearOfDay(day: number): number {
  return Number(dateOfDay(day).slice(0, 4));
}

/** Whole years between two days (age on `day` of someone born on `birth`). */
export function yearsBetween(birth: number, day: number): number {
  const b = dateOfDay(birth);
  const d = dateOfDay(day);
  let years = Number(d.slice(0, 4)) - Number(b.slice(0, 4));
  if (d.slice(5) < b.slice(5)) years -= 1;
  return years;
}
