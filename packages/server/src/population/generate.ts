// The synthetic population generator: realistic, deterministic Vietnamese households, emitted
// directly as COPY text (PostgreSQL "COPY … FROM STDIN", text format) so that the loader streams
// them into the database without building row objects. Deterministic: the same options (seed,
// size, province, reference date, allocation key and starting counters) give byte-identical
// output.
//
// A household is drawn as one of a few compositions (single person, couple, couple with
// children, single parent, three generations up or down) whose weights give the census mean of
// about 3.5 persons per household (GSO, 2019 census: 3.5). Children take their father's family
// name; spouses point at each other; children point at both parents by ID number, with the
// parents at least 18 (mother) / 20 (father) years older. Widowed people have a deceased spouse
// on record (with a date of death), which is where the register's deaths come from.
import { createIdAllocator, type AllocationRequest, type Sex } from '@cancuoc/idnumber';
import { dateOfDay, dayOf, yearOfDay } from './dates.ts';
import type { Commune, Geography } from './geography.ts';
import { asciiFold, type NamePools } from './names.ts';
import { Random, WeightedPicker } from './random.ts';
import {
  BLOOD_TYPE_RECORDED_SHARE, BLOOD_TYPES, ETHNICITIES, HEAD_AGE_BANDS, MOBILE_PREFIXES, RELIGIONS,
  SOUTHERN_FROM_CODE, STREET_NAMES, SURNAMES,
} from './reference-data.ts';

/** Columns of `person` in the order of the generated COPY text. */
export const PERSON_COPY_COLUMNS = [
  'id_number', 'full_name', 'birth_date', 'sex', 'place_of_birth', 'birth_registration_unit_id', 'native_place',
  'ethnicity', 'religion', 'blood_type', 'old_id_number', 'previous_card', 'father_id', 'father_name', 'mother_id',
  'mother_name', 'spouse_id', 'spouse_name', 'permanent_unit_id', 'permanent_address', 'temporary_unit_id',
  'temporary_address', 'temporary_until', 'current_unit_id', 'current_address', 'current_commune_id',
  'current_province_id', 'household_id', 'relationship_to_head', 'marital_status', 'death_date', 'phone', 'email',
  'updated_by', 'legal_basis',
] as const;

/** Columns of `household` in the order of the generated COPY text. */
export const HOUSEHOLD_COPY_COLUMNS = ['id', 'file_number', 'unit_id', 'address_line', 'head_id'] as const;

/** Day the 2025 reorganisation took effect: births from then on are registered in generation-2 provinces. */
const REORGANISATION_DAY = dayOf('2025-07-01');
/** The last day a 9-digit CMND was issued (chip CCCD cards replaced it in 2021). */
const LAST_CMND_DAY = dayOf('2021-06-30');
/** Share of households whose permanent residence is on file with its pre-2025 commune. */
const KEEPS_OLD_UNIT_SHARE = 0.4;

export interface GenerateOptions {
  people: number;
  seed: number;
  /** Reference date ('today' of the population): ages, deaths and validity are relative to it. */
  asOf: string;
  /** ID-number allocation key of the deployment. */
  key: Uint8Array;
  geography: Geography;
  names: NamePools;
  /** Next counter per 6-digit prefix; updated as numbers are allocated. */
  counters: Map<string, number>;
  /** Households get consecutive ids from here (reserved from the household id sequence). */
  firstHouseholdId: number;
  /** Old 9-digit numbers are a bijection of (offset + index), so they never collide. */
  oldIdOffset: number;
  legalBasis: string;
  updatedBy: string;
  /** Persons per emitted chunk. */
  chunkSize?: number;
  /**
   * When given, every generated person's full name is added to it: the loader derives the
   * distinct-name dictionary from these instead of from the loaded rows (seed.ts).
   */
  fullNames?: Set<string>;
}

export interface Chunk {
  /** COPY text of the persons (PERSON_COPY_COLUMNS). */
  persons: Buffer;
  /** COPY text of the households (HOUSEHOLD_COPY_COLUMNS). */
  households: Buffer;
  personCount: number;
  householdCount: number;
  deaths: { idNumber: string; date: string }[];
}

type Marital = 'single' | 'married' | 'divorced' | 'widowed';

interface Draft {
  sex: Sex;
  surname: string;
  fullName: string;
  birthDay: number;
  age: number;
  regCode: string;
  regGeneration: 1 | 2;
  request: AllocationRequest;
  id: string;
  father: Draft | null;
  mother: Draft | null;
  spouse: Draft | null;
  relationship: string | null;
  marital: Marital;
  deathDay: number;
  household: HouseholdDraft | null;
  temporary: { commune: { id: string; name: string; provinceCode: string }; address: string; untilDay: number } | null;
}

interface HouseholdDraft {
  id: number;
  commune: Commune;
  successor: { id: string; name: string; provinceCode: string };
  keepsOldUnit: boolean;
  address: string;
  ethnicity: string;
  religion: string;
  southern: boolean;
  head: Draft | null;
}

const surnamePicker = new WeightedPicker(SURNAMES);
const ethnicityPicker = new WeightedPicker(ETHNICITIES);
const religionPicker = new WeightedPicker(RELIGIONS);
const bloodPicker = new WeightedPicker(BLOOD_TYPES);
const headAgePicker = new WeightedPicker(HEAD_AGE_BANDS.map(([start, w]) => [start, w] as const));
const childrenPicker = new WeightedPicker([[1, 18], [2, 44], [3, 26], [4, 12]] as const);
type Kind = 'single' | 'couple' | 'nuclear' | 'single-parent' | 'three-up' | 'three-down';
const kindPicker = new WeightedPicker<Kind>([['single', 10], ['couple', 13], ['nuclear', 49], ['single-parent', 7], ['three-up', 10], ['three-down', 11]]);

/** COPY text escaping (PostgreSQL COPY, text format): backslash, tab, newline, carriage return. */
export function copyText(value: string | null): string {
  if (value === null) return '\\N';
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')) : value;
}

export function prefixOf(regCode: string, sex: Sex, birthYear: number): string {
  const century = Math.floor(birthYear / 100) - 19;
  return `0${regCode}${century * 2 + (sex === 'female' ? 1 : 0)}${String(birthYear % 100).padStart(2, '0')}`;
}

export function* generatePopulation(o: GenerateOptions): Generator<Chunk> {
  const rng = new Random(o.seed);
  const allocator = createIdAllocator(o.key);
  const asOfDay = dayOf(o.asOf);
  // Small chunks keep the per-chunk objects in V8's young generation.
  const chunkSize = o.chunkSize ?? 4_000;
  const { geography: geo, names } = o;
  let householdId = o.firstHouseholdId;
  let oldIdIndex = o.oldIdOffset;
  let remaining = o.people;
  const N = '\\N';

  // Per-province strings computed once, looked up by the 2-digit code.
  const perProvince = <T,>(fn: (code: string) => T): Map<string, T> => {
    const m = new Map<string, T>();
    for (const id of geo.provinceNames.keys()) { const code = id.slice(2); if (!m.has(code)) m.set(code, fn(code)); }
    return m;
  };
  const cmndPlaces = perProvince((code) => {
    const name = geo.provinceNames.get(`1:${code}`) ?? geo.provinceNames.get(`2:${code}`)!;
    return `Công an ${name.charAt(0).toLowerCase()}${name.slice(1)}`;
  });
  const nameGen1 = perProvince((code) => geo.provinceNames.get(`1:${code}`) ?? N);
  const nameGen2 = perProvince((code) => geo.provinceNames.get(`2:${code}`) ?? N);
  const unitGen1 = perProvince((code) => `1:${code}`);
  const unitGen2 = perProvince((code) => `2:${code}`);
  const folded = new Map<string, string>();
  const fold = (s: string): string => {
    let r = folded.get(s);
    if (r === undefined) folded.set(s, (r = asciiFold(s)));
    return r;
  };

  const givenName = (sex: Sex, birthYear: number): string => {
    // Older generations mostly carry Văn / Thị as middle name; younger ones a chosen pair.
    const traditional = birthYear < 1975 ? 0.6 : birthYear < 1995 ? 0.3 : 0.08;
    if (rng.chance(traditional)) {
      return (sex === 'male' ? 'Văn ' : 'Thị ') + rng.pick(sex === 'male' ? names.maleOneWord : names.femaleOneWord);
    }
    return rng.pick(sex === 'male' ? names.male : names.female);
  };

  const surnameFor = (southern: boolean): string => {
    const s = surnamePicker.pick(rng);
    const bar = s.indexOf('|');
    return bar < 0 ? s : southern ? s.slice(bar + 1) : s.slice(0, bar);
  };

  const newPerson = (hh: HouseholdDraft, sex: Sex, age: number, surname: string, bornHere: boolean): Draft => {
    const birthDay = asOfDay - Math.floor((age + rng.next()) * 365.2425);
    const birthYear = yearOfDay(birthDay);
    const regGeneration: 1 | 2 = birthDay >= REORGANISATION_DAY ? 2 : 1;
    let regCode: string;
    if (regGeneration === 2) regCode = hh.successor.provinceCode;
    else regCode = bornHere || rng.chance(0.7) ? hh.commune.oldProvinceCode : geo.provinces.pick(rng);
    const p: Draft = {
      sex, surname, fullName: `${surname} ${givenName(sex, birthYear)}`, birthDay, age, regCode, regGeneration,
      request: { provinceCode: regCode, sex, birthYear, counter: 0 }, id: '',
      father: null, mother: null, spouse: null, relationship: null, marital: 'single', deathDay: -1,
      household: hh, temporary: null,
    };
    return p;
  };

  const marry = (a: Draft, b: Draft) => {
    a.spouse = b;
    b.spouse = a;
    a.marital = b.marital = 'married';
  };

  const spouseAge = (husbandAge: number) => Math.max(18, husbandAge - rng.int(-2, 7));

  /** Children of a couple (or a single parent), aged so that the mother was 19–40 at birth. */
  const addChildren = (hh: HouseholdDraft, out: Draft[], father: Draft | null, mother: Draft | null, count: number, relationship: string) => {
    const base = mother ?? father!;
    const minParentGap = mother ? 19 : 21;
    const surname = father ? father.surname : base.surname;
    for (let k = 0; k < count; k++) {
      const gap = minParentGap + Math.floor(rng.next() * rng.next() * 22) + k * 2;
      const age = base.age - gap;
      if (age < 0) break;
      if (father && father.age - age < 20) break;
      if (age > 30 && rng.chance(0.7)) continue; // most adult children have households of their own
      // Sex ratio at birth about 111 boys per 100 girls (GSO, 2019 census).
      const child = newPerson(hh, rng.chance(0.526) ? 'male' : 'female', age, surname, true);
      child.father = father;
      child.mother = mother;
      child.relationship = relationship;
      out.push(child);
    }
  };

  const widow = (hh: HouseholdDraft, survivor: Draft, out: Draft[]) => {
    survivor.marital = 'widowed';
    const sex: Sex = survivor.sex === 'male' ? 'female' : 'male';
    const deadAge = survivor.age + (sex === 'male' ? rng.int(-1, 7) : rng.int(-6, 1));
    if (deadAge < 20) return;
    const dead = newPerson(hh, sex, Math.max(20, deadAge), sex === 'male' ? surnameFor(hh.southern) : surnameFor(hh.southern), false);
    dead.spouse = survivor;
    survivor.spouse = dead;
    dead.marital = 'married';
    const maxYearsAgo = Math.min(20, survivor.age - 20);
    dead.deathDay = asOfDay - rng.int(30, Math.max(31, Math.floor(maxYearsAgo * 365)));
    if (dead.deathDay <= dead.birthDay + 20 * 365) dead.deathDay = dead.birthDay + 20 * 365 + rng.int(0, 365);
    if (dead.deathDay >= asOfDay) dead.deathDay = asOfDay - 1;
    dead.household = null;
    out.push(dead);
  };

  const newHousehold = (): HouseholdDraft => {
    const commune = geo.communes.pick(rng);
    const successor = commune.successors.length === 1 ? commune.successors[0]! : rng.pick(commune.successors);
    const ethnicity = ethnicityPicker.pick(rng);
    return {
      id: householdId++, commune, successor, keepsOldUnit: rng.chance(KEEPS_OLD_UNIT_SHARE),
      address: addressLine(), ethnicity, religion: religionPicker.pick(rng),
      southern: Number(commune.oldProvinceCode) >= SOUTHERN_FROM_CODE, head: null,
    };
  };

  const addressLine = (): string => {
    const r = rng.next();
    if (r < 0.45) return `Số ${rng.int(1, 350)}, đường ${rng.pick(STREET_NAMES)}`;
    if (r < 0.6) return `Số ${rng.int(1, 120)}, ngõ ${rng.int(1, 400)}, tổ ${rng.int(1, 40)}`;
    if (r < 0.85) return `Thôn ${rng.int(1, 25)}`;
    return `Tổ ${rng.int(1, 60)}, khu phố ${rng.int(1, 12)}`;
  };

  const headAge = (min: number, max: number): number => {
    for (let attempt = 0; attempt < 20; attempt++) {
      const a = headAgePicker.pick(rng) + rng.int(0, 4);
      if (a >= min && a <= max) return a;
    }
    return rng.int(min, max);
  };

  /** One household's members (and deceased spouses), head first. `budget` caps its size. */
  const drawHousehold = (budget: number): Draft[] => {
    const hh = newHousehold();
    const out: Draft[] = [];
    // The largest compositions have 8 members: below that budget, singles fill the exact total.
    const kind: Kind = budget < 9 ? 'single' : kindPicker.pick(rng);
    const maleHead = rng.chance(0.72);
    switch (kind) {
      case 'single': {
        const age = headAge(18, 99);
        const head = newPerson(hh, rng.chance(age >= 60 ? 0.35 : 0.55) ? 'male' : 'female', age, surnameFor(hh.southern), false);
        head.relationship = 'Chủ hộ';
        out.push(head);
        if (age >= 55 && rng.chance(0.6)) {
          if (budget >= 9 && rng.chance(0.7)) widow(hh, head, out);
          else head.marital = 'widowed';
        } else if (age >= 30 && rng.chance(0.35)) head.marital = 'divorced';
        break;
      }
      case 'couple':
      case 'nuclear':
      case 'three-up': {
        const husbandAge = kind === 'couple' ? (rng.chance(0.5) ? headAge(20, 35) : headAge(50, 95)) : kind === 'nuclear' ? headAge(24, 55) : headAge(25, 60);
        const husband = newPerson(hh, 'male', husbandAge, surnameFor(hh.southern), false);
        const wife = newPerson(hh, 'female', spouseAge(husbandAge), surnameFor(hh.southern), false);
        marry(husband, wife);
        const head = maleHead ? husband : wife;
        head.relationship = 'Chủ hộ';
        (maleHead ? wife : husband).relationship = maleHead ? 'Vợ' : 'Chồng';
        out.push(head, maleHead ? wife : husband);
        if (kind === 'three-up') {
          // The head's own parents live with them.
          const fatherAge = head.age + rng.int(22, 38);
          const motherAge = Math.max(head.age + 19, fatherAge - rng.int(0, 6));
          const r = rng.next();
          const father = r < 0.85 && fatherAge <= 100 ? newPerson(hh, 'male', fatherAge, head.surname, false) : null;
          const mother = r > 0.15 && motherAge <= 102 ? newPerson(hh, 'female', motherAge, surnameFor(hh.southern), false) : null;
          if (father) { father.relationship = 'Bố'; head.father = father; out.push(father); }
          if (mother) { mother.relationship = 'Mẹ'; head.mother = mother; out.push(mother); }
          if (father && mother) marry(father, mother);
          else if (father || mother) (father ?? mother)!.marital = 'widowed';
        }
        if (kind !== 'couple') addChildren(hh, out, husband, wife, childrenPicker.pick(rng), 'Con');
        break;
      }
      case 'single-parent': {
        const isMother = rng.chance(0.8);
        const parent = newPerson(hh, isMother ? 'female' : 'male', headAge(24, 60), surnameFor(hh.southern), false);
        parent.relationship = 'Chủ hộ';
        out.push(parent);
        let other: Draft | null = null;
        if (rng.chance(0.4)) {
          widow(hh, parent, out);
          other = parent.spouse;
        } else {
          parent.marital = 'divorced';
        }
        const father = isMother ? other : parent;
        const mother = isMother ? parent : other;
        addChildren(hh, out, father, mother, childrenPicker.pick(rng), 'Con');
        // A parent who died did so after the youngest child was born.
        if (other) {
          const youngest = out.reduce((d, m) => (m.father === other || m.mother === other ? Math.max(d, m.birthDay) : d), -Infinity);
          if (youngest > other.deathDay - 280) other.deathDay = Math.min(asOfDay - 1, youngest + rng.int(0, Math.max(0, asOfDay - 1 - youngest)));
        }
        break;
      }
      case 'three-down': {
        // An older couple (or widow) with a married child, the child's spouse and grandchildren.
        const elderAge = headAge(52, 88);
        const husband = newPerson(hh, 'male', elderAge, surnameFor(hh.southern), false);
        const wife = newPerson(hh, 'female', spouseAge(elderAge), surnameFor(hh.southern), false);
        marry(husband, wife);
        const headIsHusband = rng.chance(0.8);
        const head = headIsHusband ? husband : wife;
        head.relationship = 'Chủ hộ';
        (headIsHusband ? wife : husband).relationship = headIsHusband ? 'Vợ' : 'Chồng';
        out.push(head, headIsHusband ? wife : husband);
        const childAge = Math.max(20, Math.min(wife.age - 19, wife.age - rng.int(20, 34)));
        const son = rng.chance(0.75);
        const child = newPerson(hh, son ? 'male' : 'female', childAge, husband.surname, true);
        child.father = husband;
        child.mother = wife;
        child.relationship = 'Con';
        out.push(child);
        const inLaw = newPerson(hh, son ? 'female' : 'male', son ? spouseAge(childAge) : Math.min(childAge + rng.int(0, 6), wife.age - 1), surnameFor(hh.southern), false);
        inLaw.relationship = son ? 'Con dâu' : 'Con rể';
        marry(child, inLaw);
        out.push(inLaw);
        addChildren(hh, out, son ? child : inLaw, son ? inLaw : child, childrenPicker.pick(rng), 'Cháu');
        break;
      }
    }
    hh.head = out[0]!;
    return out;
  };

  // One reused array of fields joined per line: a template literal of ~70 parts would build a
  // rope of as many string objects per person, which the GC then has to trace and flatten.
  // Packed (not holey) array: join() on a holey array takes V8's slow path.
  const f: string[] = PERSON_COPY_COLUMNS.slice(0, 34).map(() => '');
  const tailFields = `${o.updatedBy}\t${o.legalBasis}\n`;
  const personLine = (p: Draft, blood: string | null): string => {
    const hh = p.household ?? (p.spouse?.household as HouseholdDraft);
    const permanentUnit = hh.keepsOldUnit ? hh.commune.oldId : hh.successor.id;
    const alive = p.deathDay < 0;
    const adult = p.age >= 15 && alive;
    let oldId = N;
    let previousCard = N;
    const day14 = p.birthDay + Math.ceil(14 * 365.2425);
    if (day14 <= LAST_CMND_DAY && rng.chance(0.75)) {
      oldId = String((oldIdIndex++ * 7_654_321 + 123_456_789) % 1_000_000_000).padStart(9, '0');
      const latest = Math.min(LAST_CMND_DAY, p.birthDay + 40 * 365, p.deathDay < 0 ? LAST_CMND_DAY : p.deathDay);
      const issue = latest > day14 ? rng.int(day14, latest) : day14;
      previousCard = `{"issueDate": "${dateOfDay(issue)}", "issuePlace": "${cmndPlaces.get(p.regCode)}", "expiryDate": "${dateOfDay(issue + 5479)}"}`;
    }
    const father = p.father;
    const mother = p.mother;
    const spouse = p.spouse;
    const tmp = p.temporary;
    f[0] = p.id;
    f[1] = p.fullName;
    f[2] = dateOfDay(p.birthDay);
    f[3] = p.sex;
    f[4] = (p.regGeneration === 1 ? nameGen1 : nameGen2).get(p.regCode)!;
    f[5] = (p.regGeneration === 1 ? unitGen1 : unitGen2).get(p.regCode)!;
    f[6] = nameGen1.get(father ? father.regCode : p.regCode)!;
    f[7] = hh.ethnicity;
    f[8] = hh.religion;
    f[9] = blood ?? N;
    f[10] = oldId;
    f[11] = previousCard;
    f[12] = father ? father.id : N;
    f[13] = father ? father.fullName : N;
    f[14] = mother ? mother.id : N;
    f[15] = mother ? mother.fullName : N;
    f[16] = spouse ? spouse.id : N;
    f[17] = spouse ? spouse.fullName : N;
    f[18] = permanentUnit;
    f[19] = hh.address;
    f[20] = tmp ? tmp.commune.id : N;
    f[21] = tmp ? tmp.address : N;
    f[22] = tmp ? dateOfDay(tmp.untilDay) : N;
    f[23] = tmp ? tmp.commune.id : permanentUnit;
    f[24] = tmp ? tmp.address : hh.address;
    f[25] = tmp ? tmp.commune.id : hh.successor.id;
    f[26] = unitGen2.get(tmp ? tmp.commune.provinceCode : hh.successor.provinceCode)!;
    f[27] = p.household ? String(p.household.id) : N;
    f[28] = p.relationship ?? N;
    f[29] = p.marital;
    f[30] = alive ? N : dateOfDay(p.deathDay);
    f[31] = adult && rng.chance(0.88) ? rng.pick(MOBILE_PREFIXES) + String(rng.int(0, 9_999_999)).padStart(7, '0') : N;
    f[32] = adult && p.age <= 50 && rng.chance(0.25)
      ? `${fold(p.fullName.slice(p.fullName.lastIndexOf(' ') + 1))}.${fold(p.surname)}${rng.int(1, 9999)}@example.com`
      : N;
    f[33] = tailFields;
    return f.join('\t');
  };

  const legalBasis = copyText(o.legalBasis);
  const updatedBy = copyText(o.updatedBy);
  if (legalBasis !== o.legalBasis || updatedBy !== o.updatedBy) throw new RangeError('legalBasis/updatedBy must not contain tabs, newlines or backslashes');

  while (remaining > 0) {
    const drafts: Draft[] = [];
    const households: HouseholdDraft[] = [];
    while (drafts.length < chunkSize && remaining > 0) {
      const members = drawHousehold(remaining);
      households.push(members[0]!.household!);
      for (const m of members) drafts.push(m);
      remaining -= members.length;
    }
    // Internal migration: some working-age adults live on a temporary registration elsewhere.
    for (const p of drafts) {
      if (p.deathDay < 0 && p.age >= 18 && p.age <= 35 && p.relationship !== 'Chủ hộ' && rng.chance(0.06)) {
        const c = geo.communes.pick(rng);
        const commune = c.successors.length === 1 ? c.successors[0]! : rng.pick(c.successors);
        if (commune.id !== p.household?.successor.id) {
          p.temporary = { commune, address: `Số ${rng.int(1, 300)}, đường ${rng.pick(STREET_NAMES)}`, untilDay: asOfDay + rng.int(30, 730) };
        }
      }
    }
    // Allocate ID numbers in one batch (FF1 per prefix, DESIGN.md §6), in draw order.
    for (const p of drafts) {
      const prefix = prefixOf(p.regCode, p.sex, p.request.birthYear);
      const next = o.counters.get(prefix) ?? 0;
      o.counters.set(prefix, next + 1);
      (p.request as { counter: number }).counter = next;
    }
    const ids = allocator.allocateMany(drafts.map((p) => p.request));
    for (let k = 0; k < drafts.length; k++) drafts[k]!.id = ids[k]!;

    // Lines go straight into a Buffer: each line string dies young, nothing long-lived but bytes.
    const persons = Buffer.allocUnsafe(drafts.length * 700);
    let used = 0;
    const deaths: { idNumber: string; date: string }[] = [];
    const fullNames = o.fullNames;
    for (const p of drafts) {
      const blood = rng.chance(BLOOD_TYPE_RECORDED_SHARE) ? bloodPicker.pick(rng) : null;
      used += persons.write(personLine(p, blood), used);
      fullNames?.add(p.fullName);
      if (p.deathDay >= 0) deaths.push({ idNumber: p.id, date: dateOfDay(p.deathDay) });
    }
    const lines: string[] = [];
    for (const h of households) {
      const unit = h.keepsOldUnit ? h.commune.oldId : h.successor.id;
      lines.push(`${h.id}\tHS${String(h.id).padStart(10, '0')}\t${unit}\t${h.address}\t${h.head!.id}\n`);
    }
    yield { persons: persons.subarray(0, used), households: Buffer.from(lines.join('')), personCount: drafts.length, householdCount: households.length, deaths };
  }
}
