// Synthetic dirt for `cancuoc seed --dirty RATE` (docs/population.md "Dirt"): what the
// collection campaign finds in real registers, planted with a key so that the quality module's
// precision and recall can be measured (bench:dedup, quality tests).
//
// Duplicates: with probability RATE a living person gets a second record — a second registration
// elsewhere or in the same commune — with a new ID number of the same prefix (province of birth
// registration, sex, birth year) and one variant of error:
//   diacritics          the name typed without diacritics ("Nguyen Van An"),
//   typo                one letter substituted, dropped, doubled or two letters swapped,
//   swapped-date        day and month of birth exchanged (a date entered as MM/DD),
//   married-name        a married woman's record under her husband's family name,
//   diacritics+swapped  both of the first and third.
// The second record holds what the person would declare again: parents' and spouse's names (not
// their ID numbers), place of birth, native place, ethnicity, religion, blood type, marital
// status; the old CMND number (90 %), phone and e-mail (80 % each); half of them the original's
// residence, the others another household's; no household.
// Rule violations: with probability RATE / 2 a person (or household) is given one of the errors
// the quality rules look for (rule code as the key's code).
//
// The transform works on the generator's COPY text (generate.ts), so the clean seed's code path
// is untouched; it draws from its own random stream, so the same seed, rate and key plant the
// same dirt. Only chunks pass through it; a chunk's lines may reference only that chunk.
import type { IdAllocator } from '@cancuoc/idnumber';
import { dateOfDay, dayOf } from './dates.ts';
import { HOUSEHOLD_COPY_COLUMNS, PERSON_COPY_COLUMNS, type Chunk } from './generate.ts';
import { Random, WeightedPicker } from './random.ts';

/** One planted error, as the key records it. */
export interface Planted {
  kind: 'duplicate' | 'violation';
  /** The duplicate's variant, or the violated rule's code. */
  code: string;
  idNumber: string | null;
  otherIdNumber: string | null;
  householdId: string | null;
  details: Record<string, unknown>;
}

const col = (name: (typeof PERSON_COPY_COLUMNS)[number]) => PERSON_COPY_COLUMNS.indexOf(name);
const C = {
  id: col('id_number'), name: col('full_name'), birth: col('birth_date'), sex: col('sex'), pob: col('place_of_birth'),
  native: col('native_place'), oldId: col('old_id_number'), card: col('previous_card'),
  fatherId: col('father_id'), fatherName: col('father_name'), motherId: col('mother_id'), motherName: col('mother_name'),
  spouseId: col('spouse_id'), spouseName: col('spouse_name'),
  permUnit: col('permanent_unit_id'), permAddr: col('permanent_address'), tmpUnit: col('temporary_unit_id'),
  tmpAddr: col('temporary_address'), tmpUntil: col('temporary_until'), curUnit: col('current_unit_id'),
  curAddr: col('current_address'), curCommune: col('current_commune_id'), curProvince: col('current_province_id'),
  household: col('household_id'), relation: col('relationship_to_head'), marital: col('marital_status'),
  death: col('death_date'), phone: col('phone'), email: col('email'),
} as const;
const H = { id: HOUSEHOLD_COPY_COLUMNS.indexOf('id'), head: HOUSEHOLD_COPY_COLUMNS.indexOf('head_id') } as const;
const N = '\\N';
const HEAD = 'Chủ hộ';

type Variant = 'diacritics' | 'typo' | 'swapped-date' | 'married-name' | 'diacritics+swapped';
const VARIANTS = new WeightedPicker<Variant>([['diacritics', 30], ['typo', 30], ['swapped-date', 20], ['married-name', 10], ['diacritics+swapped', 10]]);

/** The rules a violation can be planted for (codes of quality/rules), equally often. */
const VIOLATIONS = ['DQ-001', 'DQ-002', 'DQ-004', 'DQ-005', 'DQ-006', 'DQ-007', 'DQ-008', 'DQ-009', 'DQ-010', 'DQ-011', 'DQ-012', 'DQ-013', 'DQ-014', 'DQ-015', 'DQ-016'] as const;

/** The name without diacritics, case kept (đ → d). */
export function withoutDiacritics(name: string): string {
  return name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').normalize('NFC');
}

const LETTERS = 'abcdeghiklmnopqrstuvxy';

/** One keyboard-style error in one letter of the name: substituted, dropped, doubled, or swapped with the next. */
export function typo(name: string, rng: Random): string {
  const words = name.split(' ');
  for (let attempt = 0; attempt < 10; attempt++) {
    // A letter drawn over the whole name: longer words get more of the errors.
    let k = rng.int(0, words.reduce((n, w) => n + [...w].length, 0) - 1);
    const w = words.findIndex((x) => { const n = [...x].length; if (k < n) return true; k -= n; return false; });
    const letters = [...words[w]!.toLowerCase()];
    const c = letters[k]!;
    switch (rng.int(0, 3)) {
      case 0: { const r = LETTERS.charAt(rng.int(0, LETTERS.length - 1)); if (r === c) continue; letters[k] = r; break; }
      case 1: if (letters.length < 2) continue; letters.splice(k, 1); break;
      case 2: letters.splice(k + 1, 0, c); break;
      default: if (k + 1 >= letters.length || letters[k + 1] === c) continue; letters[k] = letters[k + 1]!; letters[k + 1] = c;
    }
    // Written as names are: a capital at the start of each word.
    const word = letters.join('');
    const out = [...words];
    out[w] = word.charAt(0).toUpperCase() + word.slice(1);
    const result = out.join(' ').normalize('NFC');
    if (result !== name) return result;
  }
  return withoutDiacritics(name) === name ? name + 'h' : withoutDiacritics(name);
}

export interface DirtContext {
  rate: number;
  rng: Random;
  allocator: IdAllocator;
  /** The generator's counters per 6-digit prefix (new numbers continue after them). */
  counters: Map<string, number>;
  asOf: string;
  /** Every full name loaded (the distinct-name dictionary of an initial load, seed.ts). */
  fullNames?: Set<string>;
}

export function dirtContext(o: { rate: number; seed: number; allocator: IdAllocator; counters: Map<string, number>; asOf: string; fullNames?: Set<string> }): DirtContext {
  // A stream of its own: the persons drawn are those of the clean seed with the same options.
  return { ...o, rng: new Random(o.seed * 7919 + 104_729) };
}

/** Plants dirt into one generated chunk; returns the chunk to load and what was planted. */
export function plantDirt(chunk: Chunk, ctx: DirtContext): { chunk: Chunk; planted: Planted[] } {
  const rng = ctx.rng;
  const rows = chunk.persons.toString('utf8').split('\n');
  if (rows[rows.length - 1] === '') rows.pop();
  const people = rows.map((l) => l.split('\t'));
  const hhRows = chunk.households.toString('utf8').split('\n');
  if (hhRows[hhRows.length - 1] === '') hhRows.pop();
  const households = hhRows.map((l) => l.split('\t'));
  const planted: Planted[] = [];
  const asOfDay = dayOf(ctx.asOf);
  const ageOf = (p: string[]) => Math.floor((asOfDay - dayOf(p[C.birth]!)) / 365.2425);
  const touched = new Set<number>();
  const byId = new Map(people.map((p, i) => [p[C.id]!, i]));
  const extra: string[][] = [];

  // ---- duplicates ----
  for (let i = 0; i < people.length; i++) {
    const p = people[i]!;
    if (p[C.death] !== N || !rng.chance(ctx.rate)) continue;
    touched.add(i);
    const d = [...p];
    const [y, m, day] = p[C.birth]!.split('-').map(Number) as [number, number, number];
    const spouseSurname = p[C.spouseName] !== N ? p[C.spouseName]!.split(' ')[0]! : null;
    // Drawn among the variants this person allows: a day ≤ 12 other than the month can be
    // swapped, a married woman's husband has a family name of his own, a name has diacritics.
    const feasible = (v: Variant) => {
      if (v === 'swapped-date' || v === 'diacritics+swapped') { if (!(day <= 12 && day !== m)) return false; }
      if (v === 'married-name') return p[C.sex] === 'female' && spouseSurname !== null && spouseSurname !== p[C.name]!.split(' ')[0];
      if (v === 'diacritics' || v === 'diacritics+swapped') return withoutDiacritics(p[C.name]!) !== p[C.name];
      return true;
    };
    let variant = VARIANTS.pick(rng);
    for (let attempt = 0; attempt < 20 && !feasible(variant); attempt++) variant = VARIANTS.pick(rng);
    if (!feasible(variant)) variant = 'typo';
    if (variant === 'diacritics' || variant === 'diacritics+swapped') d[C.name] = withoutDiacritics(p[C.name]!);
    if (variant === 'typo') d[C.name] = typo(p[C.name]!, rng);
    if (variant === 'married-name') d[C.name] = [spouseSurname!, ...p[C.name]!.split(' ').slice(1)].join(' ');
    if (variant === 'swapped-date' || variant === 'diacritics+swapped') d[C.birth] = `${String(y).padStart(4, '0')}-${String(day).padStart(2, '0')}-${String(m).padStart(2, '0')}`;
    const prefix = p[C.id]!.slice(0, 6);
    const counter = ctx.counters.get(prefix) ?? 0;
    ctx.counters.set(prefix, counter + 1);
    d[C.id] = ctx.allocator.allocateInPrefix(prefix, counter);
    d[C.fatherId] = N;
    d[C.motherId] = N;
    d[C.spouseId] = N;
    if (!(p[C.oldId] !== N && rng.chance(0.9))) { d[C.oldId] = N; d[C.card] = N; }
    if (!rng.chance(0.8)) d[C.phone] = N;
    if (!rng.chance(0.8)) d[C.email] = N;
    const sameCommune = rng.chance(0.5);
    if (!sameCommune) {
      const other = people[rng.int(0, people.length - 1)]!;
      for (const c of [C.permUnit, C.permAddr, C.tmpUnit, C.tmpAddr, C.tmpUntil, C.curUnit, C.curAddr, C.curCommune, C.curProvince]) d[c] = other[c]!;
    }
    d[C.household] = N;
    d[C.relation] = N;
    extra.push(d);
    ctx.fullNames?.add(d[C.name]!);
    planted.push({ kind: 'duplicate', code: variant, idNumber: d[C.id]!, otherIdNumber: p[C.id]!, householdId: null, details: { sameCommune } });
  }

  // ---- rule violations ----
  const pick = (ok: (p: string[], i: number) => boolean): number | undefined => {
    for (let attempt = 0; attempt < 30; attempt++) {
      const i = rng.int(0, people.length - 1);
      if (!touched.has(i) && ok(people[i]!, i)) return i;
    }
    return undefined;
  };
  const person = (code: string, i: number | undefined, details: Record<string, unknown> = {}, other: string | null = null) => {
    if (i === undefined) return;
    touched.add(i);
    planted.push({ kind: 'violation', code, idNumber: people[i]![C.id]!, otherIdNumber: other, householdId: null, details });
  };
  const alive = (p: string[]) => p[C.death] === N;
  const violations = Math.round(people.length * ctx.rate / 2 + rng.next());
  for (let v = 0; v < violations; v++) {
    const code = VIOLATIONS[rng.int(0, VIOLATIONS.length - 1)]!;
    switch (code) {
      case 'DQ-001': { const i = pick(alive); if (i !== undefined) people[i]![C.pob] = N; person(code, i); break; }
      case 'DQ-002': {
        const i = pick((p) => alive(p) && ageOf(p) < 14);
        if (i !== undefined) for (const c of [C.fatherId, C.fatherName, C.motherId, C.motherName]) people[i]![c] = N;
        person(code, i);
        break;
      }
      case 'DQ-004': {
        const i = pick((p) => alive(p) && p[C.spouseId] === N);
        if (i !== undefined) people[i]![C.death] = dateOfDay(dayOf(people[i]![C.birth]!) - rng.int(1, 3650));
        person(code, i);
        break;
      }
      case 'DQ-005': {
        const i = pick((p) => alive(p) && p[C.spouseId] === N);
        if (i !== undefined) people[i]![C.death] = dateOfDay(asOfDay + rng.int(1, 400));
        person(code, i);
        break;
      }
      case 'DQ-006': {
        // A wrong father linked: a man of the chunk born after the child.
        const i = pick((p) => p[C.fatherId] !== N);
        if (i === undefined) break;
        const child = people[i]!;
        const j = people.findIndex((q) => q[C.sex] === 'male' && q[C.birth]! > child[C.birth]!);
        if (j < 0) break;
        child[C.fatherId] = people[j]![C.id]!;
        child[C.fatherName] = people[j]![C.name]!;
        person(code, i, {}, people[j]![C.id]!);
        break;
      }
      case 'DQ-007': {
        // The mother's record says she died before the birth.
        const i = pick((p) => p[C.motherId] !== N && byId.has(p[C.motherId]!) && !touched.has(byId.get(p[C.motherId]!)!));
        if (i === undefined) break;
        const mother = people[byId.get(people[i]![C.motherId]!)!]!;
        const died = dayOf(people[i]![C.birth]!) - rng.int(1, 700);
        if (died <= dayOf(mother[C.birth]!)) break;
        mother[C.death] = dateOfDay(died);
        touched.add(byId.get(mother[C.id]!)!);
        person(code, i, {}, mother[C.id]!);
        break;
      }
      case 'DQ-008': {
        const i = pick((p) => alive(p) && p[C.marital] === 'single' && ageOf(p) >= 12 && ageOf(p) < 18);
        if (i !== undefined) { people[i]![C.marital] = 'married'; people[i]![C.spouseName] = 'Nguyễn Văn Bình'; }
        person(code, i);
        break;
      }
      case 'DQ-009': { const i = pick(alive); if (i !== undefined) people[i]![C.curCommune] = N; person(code, i); break; }
      case 'DQ-010':
      case 'DQ-012': {
        const h = rng.int(0, households.length - 1);
        const row = households[h]!;
        const headRow = byId.get(row[H.head]!);
        if (headRow === undefined || touched.has(headRow)) break;
        if (code === 'DQ-010') {
          row[H.head] = N;
          planted.push({ kind: 'violation', code, idNumber: null, otherIdNumber: null, householdId: row[H.id]!, details: {} });
        } else {
          // This household's head is recorded as the head of another household too.
          const other = households[rng.int(0, households.length - 1)]!;
          if (other === row || byId.get(other[H.head]!) === undefined) break;
          other[H.head] = row[H.head]!;
          planted.push({ kind: 'violation', code, idNumber: row[H.head]!, otherIdNumber: null, householdId: other[H.id]!, details: {} });
        }
        touched.add(headRow);
        break;
      }
      case 'DQ-011': {
        const i = pick((p) => p[C.household] !== N && p[C.relation] !== HEAD && p[C.relation] !== N);
        if (i === undefined) break;
        people[i]![C.relation] = HEAD;
        touched.add(i);
        planted.push({ kind: 'violation', code, idNumber: null, otherIdNumber: null, householdId: people[i]![C.household]!, details: {} });
        break;
      }
      case 'DQ-013': {
        const i = pick((p) => p[C.fatherId] !== N);
        if (i !== undefined) people[i]![C.fatherName] = 'Trần Văn Khác';
        person(code, i);
        break;
      }
      case 'DQ-014': {
        const i = pick((p) => p[C.oldId] !== N);
        const j = pick((p) => p[C.oldId] === N && alive(p) && ageOf(p) >= 20);
        if (i === undefined || j === undefined) break;
        people[j]![C.oldId] = people[i]![C.oldId]!;
        touched.add(i);
        person(code, j, {}, people[i]![C.id]!);
        break;
      }
      case 'DQ-015': {
        const i = pick((p) => alive(p) && p[C.marital] === 'married');
        if (i !== undefined) { people[i]![C.spouseId] = N; people[i]![C.spouseName] = N; }
        person(code, i);
        break;
      }
      case 'DQ-016': {
        // Sex recorded against the ID number's digit, on a child (who has no children of their own).
        const i = pick((p) => p[C.relation] === 'Con' && ageOf(p) < 14);
        if (i !== undefined) people[i]![C.sex] = people[i]![C.sex] === 'male' ? 'female' : 'male';
        person(code, i);
        break;
      }
    }
  }

  const persons = Buffer.from([...people, ...extra].map((p) => p.join('\t')).join('\n') + '\n', 'utf8');
  const hh = Buffer.from(households.map((r) => r.join('\t')).join('\n') + (households.length > 0 ? '\n' : ''), 'utf8');
  return { chunk: { ...chunk, persons, households: hh, personCount: chunk.personCount + extra.length }, planted };
}
