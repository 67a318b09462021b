// Scoring a candidate pair (docs/quality.md "Scoring"): each field of the two records is compared
// and given an agreement level, each level a weight — the log-odds that two records agreeing at
// that level are one person rather than two (Fellegi–Sunter record linkage; the weights here are
// set by hand from what the fields mean and checked against planted duplicates, bench:dedup). The
// score is the sum; thresholds cut it into "same person", "review" and "different". The levels
// and weights of a pair are stored with it: the explanation an officer sees.
//
// The comparison is SQL over the register's read interface (registry_quality_match, migration
// 041), run on the candidates of one birth-date range at a time (detect.ts). Names are compared
// without diacritics and case (search_name); a typo is a Levenshtein distance of 1 or 2
// (fuzzystrmatch), a married name a family name equal to the spouse's.

/** A field's agreement levels, as a SQL CASE over the pair's two rows `a` and `b`, and their weights. */
interface FieldSpec {
  field: string;
  /** SQL giving the level (text) for rows a, b. */
  level: string;
  weights: Record<string, number>;
}

const both = (column: string) => `a.${column} is not null and b.${column} is not null`;
const folded = (x: string) => `immutable_unaccent(lower(${x}))`;
/** SQL: `a` and `b` equal without diacritics and case; equal as stored is decided without unaccent (most duplicates). */
const sameFolded = (a: string, b: string) => `(${a} = ${b} or ${folded(a)} = ${folded(b)})`;

export const FIELDS: readonly FieldSpec[] = [
  {
    field: 'name',
    level: `case when a.full_name = b.full_name then 'exact'
                 when a.search_name = b.search_name then 'diacritics'
                 when levenshtein_less_equal(a.search_name, b.search_name, 2) = 1 then 'one-edit'
                 when levenshtein_less_equal(a.search_name, b.search_name, 2) = 2 then 'two-edits'
                 when substr(a.search_name, strpos(a.search_name, ' ') + 1) = substr(b.search_name, strpos(b.search_name, ' ') + 1)
                      and (split_part(b.search_name, ' ', 1) = split_part(${folded('a.spouse_name')}, ' ', 1)
                           or split_part(a.search_name, ' ', 1) = split_part(${folded('b.spouse_name')}, ' ', 1)) then 'spouse-surname'
                 when substr(a.search_name, strpos(a.search_name, ' ') + 1) = substr(b.search_name, strpos(b.search_name, ' ') + 1) then 'other-surname'
                 when similarity(a.search_name, b.search_name) >= 0.6 then 'similar'
                 else 'different' end`,
    weights: { exact: 6, diacritics: 5, 'one-edit': 4, 'two-edits': 2, 'spouse-surname': 4, 'other-surname': 0, similar: -2, different: -8 },
  },
  {
    field: 'birthDate',
    level: `case when a.birth_date = b.birth_date then 'same'
                 when date_part('year', a.birth_date) = date_part('year', b.birth_date)
                      and date_part('month', a.birth_date) = date_part('day', b.birth_date)
                      and date_part('day', a.birth_date) = date_part('month', b.birth_date) then 'day-month-swapped'
                 else 'different' end`,
    weights: { same: 5, 'day-month-swapped': 3, different: -8 },
  },
  { field: 'sex', level: `case when a.sex = b.sex then 'same' else 'different' end`, weights: { same: 0, different: -8 } },
  {
    field: 'relation',
    level: `case when b.id_number in (a.father_id, a.mother_id, a.spouse_id) or a.id_number in (b.father_id, b.mother_id, b.spouse_id)
                 then 'related' else 'none' end`,
    weights: { related: -50, none: 0 },
  },
  nameOf('father'),
  nameOf('mother'),
  {
    field: 'oldIdNumber',
    level: `case when not (${both('old_id_number')}) then 'missing' when a.old_id_number = b.old_id_number then 'same' else 'different' end`,
    weights: { same: 12, different: -10, missing: 0 },
  },
  {
    field: 'phone',
    level: `case when not (${both('phone')}) then 'missing' when a.phone = b.phone then 'same' else 'different' end`,
    weights: { same: 8, different: -1, missing: 0 },
  },
  {
    field: 'email',
    level: `case when not (${both('email')}) then 'missing' when lower(a.email) = lower(b.email) then 'same' else 'different' end`,
    weights: { same: 8, different: -1, missing: 0 },
  },
  {
    // Kinh (85 % of the population) agreeing says little; a minority group agreeing says more.
    field: 'ethnicity',
    level: `case when a.ethnicity <> b.ethnicity then 'different' when a.ethnicity = 'Kinh' then 'same-common' else 'same-rare' end`,
    weights: { 'same-common': 0, 'same-rare': 3, different: -3 },
  },
  {
    field: 'religion',
    level: `case when a.religion <> b.religion then 'different' when a.religion = 'Không' then 'same-common' else 'same-rare' end`,
    weights: { 'same-common': 0, 'same-rare': 2, different: -2 },
  },
  {
    field: 'bloodType',
    level: `case when not (${both('blood_type')}) then 'missing' when a.blood_type = b.blood_type then 'same' else 'different' end`,
    weights: { same: 1, different: -4, missing: 0 },
  },
  {
    field: 'nativePlace',
    level: `case when not (${both('native_place')}) then 'missing' when ${sameFolded('a.native_place', 'b.native_place')} then 'same' else 'different' end`,
    weights: { same: 0.5, different: -2, missing: 0 },
  },
  {
    field: 'placeOfBirth',
    level: `case when not (${both('place_of_birth')}) then 'missing' when ${sameFolded('a.place_of_birth', 'b.place_of_birth')} then 'same' else 'different' end`,
    weights: { same: 0.5, different: -1, missing: 0 },
  },
  {
    // Two records of one person registered in the same commune, or at the same address.
    field: 'residence',
    level: `case when a.current_commune_id is distinct from b.current_commune_id then 'elsewhere'
                 when ${sameFolded('a.current_address', 'b.current_address')} then 'same-address'
                 else 'same-commune' end`,
    weights: { 'same-address': 7, 'same-commune': 4, elsewhere: 0 },
  },
];

/** A parent's name as each record gives it (linked record's name, else the name stored). */
function nameOf(parent: 'father' | 'mother'): FieldSpec {
  const x = `${parent}_name`;
  return {
    field: parent,
    level: `case when not (${both(x)}) then 'missing'
                 when ${sameFolded(`a.${x}`, `b.${x}`)} then 'same'
                 when levenshtein_less_equal(${folded(`a.${x}`)}, ${folded(`b.${x}`)}, 2) <= 2 then 'similar'
                 else 'different' end`,
    weights: { same: 5, similar: 3, different: -6, missing: 0 },
  };
}

/**
 * Score bands: at or above SAME the records are one person; at or above REVIEW an officer decides.
 * Agreement on name, date and place of birth alone scores 11–12 — what two namesakes born the
 * same day in the same province also show — and stays in review; the same-person band needs at
 * least one further identifying agreement (commune of residence, a parent, the old ID number, a
 * phone or e-mail). Checked against planted duplicates at 10 M persons (docs/quality.md): precision
 * 0.9997, recall 0.978 in the same-person band.
 */
export const THRESHOLDS = { same: 14, review: 10 } as const;

export type Band = 'same' | 'review' | 'different';

export function bandOf(score: number): Band {
  return score >= THRESHOLDS.same ? 'same' : score >= THRESHOLDS.review ? 'review' : 'different';
}

/** SQL: the level of every field of rows a, b, one column each (named after the field). */
export const LEVEL_COLUMNS_SQL = FIELDS.map((f) => `${f.level} as "${f.field}"`).join(',\n  ');

/** SQL: the levels (columns of LEVEL_COLUMNS_SQL of row `alias`) as a jsonb object { field: level }. */
export const levelsJson = (alias: string) => `jsonb_build_object(${FIELDS.map((f) => `'${f.field}', ${alias}."${f.field}"`).join(', ')})`;

/** SQL: the score of the levels of row `alias` (sum of the weights of its levels). */
export const scoreOf = (alias: string) =>
  FIELDS.map((f) => `(case ${alias}."${f.field}" ${Object.entries(f.weights).map(([v, w]) => `when '${v}' then ${w}`).join(' ')} else 0 end)`).join('\n  + ');

/** One field of a pair's explanation. */
export interface FieldExplanation { field: string; level: string; weight: number }

/** The explanation of stored levels: every field with its level and weight, strongest first. */
export function explain(levels: Record<string, string>): FieldExplanation[] {
  return FIELDS.map((f) => ({ field: f.field, level: levels[f.field] ?? 'missing', weight: f.weights[levels[f.field] ?? 'missing'] ?? 0 }))
    .sort((x, y) => Math.abs(y.weight) - Math.abs(x.weight) || x.field.localeCompare(y.field));
}
