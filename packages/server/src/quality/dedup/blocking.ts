// Blocking (docs/quality.md "Duplicate detection"): which pairs of records are compared at all.
// Comparing every pair of 10 million records is 5·10¹³ comparisons; duplicates share their date
// of birth (or have its day and month swapped), their sex and their province of birth
// registration (the ID number's PPP G digits), and their names differ by a few letters at most.
// So two passes, both set-based in SQL over the register's read interface (migrations 041, 070),
// for the persons born in [$1, $2):
//
//   block    persons of the same date of birth and ID prefix PPPG (province of birth registration,
//            century and sex) who also share the first letter of the given name, or their family
//            and middle names. The index person_dedup_block (migration 070) holds these keys in
//            (birth_date, PPPG, …) order, so two index-only scans of the range are merge-joined on
//            (birth_date, PPPG) — the blocks — with no key computed, sorted or hashed per person;
//            within a block (one to a few dozen persons) a pair is a candidate when its names agree
//            on all but one part: the same name without diacritics (missing or wrong diacritics),
//            the same middle and given name (a typo in the family name, or a married name), the
//            same family and given name (the middle name), or the same family and middle name
//            (a typo in the given name: with another first letter, at most two edits apart);
//   swapped  the same name without diacritics with the day and month of birth swapped (entered
//            as MM/DD): the persons born on a day ≤ 12 below the month ($3, the range's dates with
//            day < month ≤ 12) joined by name with those born on the swapped date ($4), both read
//            from person_birth_date at those dates only.
//
// What blocking cannot see is lost for good: a second registration under another province code
// or sex, a date wrong otherwise than swapped, two errors at once. bench:dedup measures the recall
// that remains.

/** The parts of a search name `x` (SQL). */
const given = (x: string) => `split_part(${x}, ' ', -1)`;
const surname = (x: string) => `split_part(${x}, ' ', 1)`;
const rest = (x: string) => `substr(${x}, strpos(${x}, ' ') + 1)`;
const stem = (x: string) => `left(${x}, length(${x}) - length(${given(x)}))`;

/**
 * The blocking keys of person `p` (SQL), spelt exactly as the index person_dedup_block (migration
 * 070) stores them, so that an index-only scan returns them instead of computing them.
 */
const key = {
  prefix: (p: string) => `left(${p}.id_number, 4)::int`,
  givenInitial: (p: string) => `ascii(${given(`${p}.search_name`)})`,
  stemHash: (p: string) => `hashtext(${stem(`${p}.search_name`)})`,
};

/**
 * SQL of the candidate pairs (a < b, via) of persons born in [$1, $2), a list of CTEs; $3 and $4
 * are swappedDates() of the range.
 */
export const CANDIDATES = `
  stems as materialized (
    -- Persons who share their family and middle names (hash) with another of their block: one
    -- window over the index's order, which sorts each (birth_date, PPPG) block's few rows.
    select w.* from (
      select x.id_number, x.birth_date, x.search_name, ${key.prefix('x')} as prefix, ${key.givenInitial('x')} as initial,
             ${key.stemHash('x')} as stem_hash, count(*) over (partition by x.birth_date, ${key.prefix('x')}, ${key.stemHash('x')}) as n
      from registry_quality_person x where x.birth_date >= $1::date and x.birth_date < $2::date) w
    where w.n > 1
  ), candidates as (
    -- Same first letter of the given name: the index's order, two scans merge-joined, no sort.
    select a.id_number as a, b.id_number as b, 'block' as via
    from registry_quality_person a
    join registry_quality_person b
      on b.birth_date = a.birth_date and ${key.prefix('b')} = ${key.prefix('a')} and ${key.givenInitial('b')} = ${key.givenInitial('a')}
    where a.birth_date >= $1::date and a.birth_date < $2::date and b.birth_date >= $1::date and b.birth_date < $2::date
      and a.id_number < b.id_number
      and (a.search_name = b.search_name or ${rest('a.search_name')} = ${rest('b.search_name')}
           or (${surname('a.search_name')} = ${surname('b.search_name')} and ${given('a.search_name')} = ${given('b.search_name')})
           or ${stem('a.search_name')} = ${stem('b.search_name')})
    union all
    -- Same family and middle names, the given name's first letter mistyped.
    select a.id_number, b.id_number, 'block'
    from stems a join stems b on b.birth_date = a.birth_date and b.prefix = a.prefix and b.stem_hash = a.stem_hash
    where a.id_number < b.id_number and a.initial <> b.initial and ${stem('a.search_name')} = ${stem('b.search_name')}
      and levenshtein_less_equal(${given('a.search_name')}, ${given('b.search_name')}, 2) <= 2
    union all
    select least(x.id_number, y.id_number), greatest(x.id_number, y.id_number), 'swapped'
    from registry_quality_person x
    join registry_quality_person y
      on y.birth_date = make_date(date_part('year', x.birth_date)::int, date_part('day', x.birth_date)::int, date_part('month', x.birth_date)::int)
     and y.search_name = x.search_name
    where x.birth_date = any($3::date[]) and y.birth_date = any($4::date[])
  )`;

/**
 * The dates of [from, to) whose day and month can be swapped into another date (day < month ≤
 * 12), and those other dates (the same year, month and day exchanged).
 */
export function swappedDates(from: string, to: string): { dates: string[]; swapped: string[] } {
  const dates: string[] = [];
  const swapped: string[] = [];
  const pad = (n: number) => String(n).padStart(2, '0');
  for (let year = Number(from.slice(0, 4)); year <= Number(to.slice(0, 4)); year++) {
    for (let month = 2; month <= 12; month++) {
      for (let day = 1; day < month; day++) {
        const date = `${String(year).padStart(4, '0')}-${pad(month)}-${pad(day)}`;
        if (date < from || date >= to) continue;
        dates.push(date);
        swapped.push(`${String(year).padStart(4, '0')}-${pad(day)}-${pad(month)}`);
      }
    }
  }
  return { dates, swapped };
}
