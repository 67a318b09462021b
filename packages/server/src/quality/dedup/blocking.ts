// Blocking (docs/quality.md "Duplicate detection"): which pairs of records are compared at all.
// Comparing every pair of 10 million records is 5·10¹³ comparisons; duplicates share their date
// of birth (or have its day and month swapped), their sex and their province of birth
// registration (the ID number's PPP G digits), and their names differ by a few letters at most.
// So two passes, both set-based in SQL over the register's read interface (migration 041), for the
// persons born in [$1, $2):
//
//   block    persons of the same date of birth and ID prefix PPPG (province of birth registration,
//            century and sex) who also share the first letter of the given name, or their family
//            and middle names, read from the index person_birth_date alone: it is in birth_date
//            order, so the windows sort each day's few hundred rows, never the population. Within
//            such a block (one to a few dozen persons) a pair is a candidate when its names agree
//            on all but one part: the same name without diacritics (missing or wrong diacritics),
//            the same middle and given name (a typo in the family name, or a married name), the
//            same family and given name (the middle name), or the same family and middle name
//            (a typo in the given name, its first letter included);
//   swapped  the same name without diacritics with the day and month of birth swapped (entered
//            as MM/DD): the persons born on a day ≤ 12 below the month ($3, the range's dates with
//            day < month ≤ 12) joined by name with those born on the swapped date ($4), both read
//            from person_birth_date at those dates only.
//
// What blocking cannot see is lost for good: a second registration under another province code
// or sex, a date wrong otherwise than swapped, two errors at once. bench:dedup measures the recall
// that remains.

/**
 * SQL of the candidate pairs (a < b, via) of persons born in [$1, $2), a list of CTEs; $3 and $4
 * are swappedDates() of the range.
 */
export const CANDIDATES = `
  keyed as (
    select x.id_number, x.birth_date, x.search_name, left(x.id_number, 4)::int as blk,
           ascii(split_part(x.search_name, ' ', -1)) as g1,
           -- the family and middle names, hashed: the window sorts integers, not text
           hashtext(left(x.search_name, length(x.search_name) - length(split_part(x.search_name, ' ', -1)))) as sh
    from registry_quality_person x where x.birth_date >= $1::date and x.birth_date < $2::date
  ), blocked as materialized (
    select w.id_number, w.birth_date, w.blk, w.g1, w.search_name from (
      select k.*, count(*) over (partition by k.birth_date, k.blk, k.g1) as n1,
                  count(*) over (partition by k.birth_date, k.blk, k.sh) as n2
      from keyed k) w
    where w.n1 > 1 or w.n2 > 1
  ), named as materialized (
    select b.*, split_part(b.search_name, ' ', 1) as surname, split_part(b.search_name, ' ', -1) as given,
           substr(b.search_name, strpos(b.search_name, ' ') + 1) as rest,
           left(b.search_name, length(b.search_name) - length(split_part(b.search_name, ' ', -1))) as stem
    from blocked b
  ), candidates as (
    select a.id_number as a, b.id_number as b, 'block' as via
    from named a join named b on a.birth_date = b.birth_date and a.blk = b.blk and a.g1 = b.g1 and a.id_number < b.id_number
    where a.search_name = b.search_name or a.rest = b.rest or (a.surname = b.surname and a.given = b.given) or a.stem = b.stem
    union all
    select a.id_number, b.id_number, 'block'
    from named a join named b on a.birth_date = b.birth_date and a.blk = b.blk and a.stem = b.stem and a.id_number < b.id_number
    where a.g1 <> b.g1 and levenshtein_less_equal(a.given, b.given, 2) <= 2
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
