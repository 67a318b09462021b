// The automatic checks of a card application against the register (thẩm định, docs/cards.md
// "Automatic checks"): a pure function of what the service gathered — the person document, the
// application, its biometrics, the person's other open applications and cards in hand — to a list
// of failures, each with a stable code and a sentence saying why. No failure: the application
// may move received → verified.
import { checkIdNumberMatches } from '@cancuoc/idnumber';
import { ageOn } from '../calendar.ts';
import type { Person } from '../registry/schemas.ts';
import { cardValidity, GRACE_YEARS, RENEWAL_AGES } from './expiry.ts';

export interface Failure { code: string; message: string }

/** Luật Căn cước 2023 Art. 23(2): below 6, no photo or fingerprints are collected. */
export const BIOMETRICS_FROM_AGE = 6;

export interface CheckInput {
  today: string;
  person: Person | undefined;
  kind: 'first' | 'renewal' | 'reissue' | 'lost';
  reissueReason: string | null;
  declaredChanges: Record<string, unknown>;
  receivingUnitCurrent: boolean;
  hasPhoto: boolean;
  /** Finger positions stored (captured or with a missing reason). */
  fingerPositions: number[];
  otherOpen: string[];
  /**
   * Cards in the citizen's hand: issued by this system (status active), or the register's previous
   * card; `valid` false once its expiry date has passed (it is still the card a renewal replaces).
   */
  cardsInHand: { issueDate: string | null; expiryDate: string | null; source: 'card' | 'register'; valid: boolean }[];
}

const FULL_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Register fields a declared change must already be recorded in (the card is printed from the register). */
const REGISTER_FIELD: Record<string, (p: Person) => unknown> = {
  fullName: (p) => p.fullName, birthDate: (p) => p.birthDate, sex: (p) => p.sex, placeOfBirth: (p) => p.placeOfBirth,
  nativePlace: (p) => p.nativePlace, ethnicity: (p) => p.ethnicity, religion: (p) => p.religion, nationality: (p) => p.nationality,
  permanentResidence: (p) => p.permanentResidence?.address ?? null,
};
/** Reissue reasons that are a change of a register field: that field must be declared. */
const REASON_FIELD: Record<string, string> = { 'name-change': 'fullName', 'birth-date-change': 'birthDate', 'sex-redetermination': 'sex', 'features-change': 'identifyingFeatures' };

export function runChecks(c: CheckInput): Failure[] {
  const f: Failure[] = [];
  const p = c.person;
  if (!p) return [{ code: 'person-not-found', message: 'the ID number is no longer in the register (merged or removed): the application cannot proceed' }];
  if (p.deathDate) f.push({ code: 'person-deceased', message: `the register records the death of ${p.fullName} on ${p.deathDate}` });
  if (p.missingSince) f.push({ code: 'person-missing', message: `the register records ${p.fullName} as missing since ${p.missingSince}` });

  // Identity data: the number fits the person's sex and birth year (DESIGN.md §6 `G` and `YY`).
  const match = checkIdNumberMatches(p.idNumber, { sex: p.sex, birthDate: p.birthDate });
  if (!match.ok) {
    const why = 'invalid' in match ? match.invalid.message : match.mismatches.map((m) => m.message).join('; ');
    f.push({ code: 'id-number-inconsistent', message: `the ID number ${p.idNumber} contradicts the register's sex or birth year (${why}): a new number must be issued first` });
  }
  // Declared changes must already be in the register: the card shows what the register holds.
  for (const [field, declared] of Object.entries(c.declaredChanges)) {
    const read = REGISTER_FIELD[field];
    if (!read) continue;
    const held = read(p);
    const same = typeof declared === 'string' && typeof held === 'string' ? declared.normalize('NFC').trim() === held.normalize('NFC').trim() : declared === held;
    if (!same) {
      f.push({ code: 'declared-change-not-recorded', message: `${field}: the citizen declared ${JSON.stringify(declared)}, the register holds ${JSON.stringify(held)}; record the change in the register (with its legal basis) before the card` });
    }
  }
  if (c.kind === 'reissue' && c.reissueReason && REASON_FIELD[c.reissueReason] && c.declaredChanges[REASON_FIELD[c.reissueReason]!] === undefined) {
    f.push({ code: 'reissue-reason-without-change', message: `a reissue for ${c.reissueReason} needs the changed ${REASON_FIELD[c.reissueReason]} declared` });
  }

  if (c.otherOpen.length > 0) f.push({ code: 'other-open-application', message: `the person has another open application: ${c.otherOpen.join(', ')}` });

  // Cards in hand: a first card only for someone without one; the other kinds replace one.
  const valid = c.cardsInHand.filter((x) => x.valid);
  if (c.kind === 'first' && valid.length > 0) {
    const card = valid[0]!;
    f.push({ code: 'active-card-exists', message: `the person holds a valid card (${card.source === 'card' ? 'issued' : 'recorded in the register'}${card.issueDate ? ` on ${card.issueDate}` : ''}${card.expiryDate ? `, valid until ${card.expiryDate}` : ''}): apply for a renewal, reissue or lost card instead` });
  }

  // Age (DESIGN.md §6; Luật Căn cước 2023 Art. 19, 21).
  if (!FULL_DATE.test(p.birthDate)) {
    f.push({ code: 'birth-date-incomplete', message: `the register holds only ${p.birthDate} as the date of birth; a card needs the full date (its expiry is a birthday)` });
  } else {
    const age = ageOn(p.birthDate, c.today);
    if (age < 0) f.push({ code: 'not-born', message: `the date of birth ${p.birthDate} is after today` });
    if (c.kind === 'renewal') f.push(...renewalFailures(c, p.birthDate, age));
    const biometrics = age >= BIOMETRICS_FROM_AGE;
    if (biometrics && !c.hasPhoto) f.push({ code: 'photo-missing', message: 'no face photo is stored (PUT …/photo)' });
    if (biometrics) {
      const missing = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].filter((n) => !c.fingerPositions.includes(n));
      if (missing.length > 0) f.push({ code: 'fingerprints-missing', message: `finger positions ${missing.join(', ')} have neither an image nor a missing reason (PUT …/fingerprints)` });
    }
  }
  if (!c.receivingUnitCurrent) f.push({ code: 'receiving-unit-abolished', message: 'the receiving office\'s unit is no longer in force' });
  return f;
}

/**
 * Renewal at age (DESIGN.md §6): allowed once the card in hand is within GRACE_YEARS of its
 * expiry — a card issued then is valid until the following renewal age (cards/expiry.ts) — or
 * has expired. Without a known card there is nothing to renew: a first card is asked for.
 */
function renewalFailures(c: CheckInput, birthDate: string, age: number): Failure[] {
  const card = c.cardsInHand[0];
  if (!card) return [{ code: 'no-card-to-renew', message: 'no card in the citizen\'s hand is recorded: apply for a first card' }];
  let expiry = card.expiryDate;
  let renewalAge: number | null = null;
  if (card.issueDate) ({ expiryDate: expiry, renewalAge } = cardValidity(birthDate, card.issueDate));
  if (expiry === null) {
    // A register entry without dates: due when the person is within the grace years of a renewal age.
    if (!card.issueDate && RENEWAL_AGES.some((a) => age >= a - GRACE_YEARS && age <= a)) return [];
    return [{ code: 'renewal-not-due', message: card.issueDate ? `the card issued on ${card.issueDate} never expires (issued from ${RENEWAL_AGES[RENEWAL_AGES.length - 1] - GRACE_YEARS} on, DESIGN.md §6)` : `at ${age} no renewal age (${RENEWAL_AGES.join(', ')}) is within ${GRACE_YEARS} years` }];
  }
  // Renewal opens GRACE_YEARS before the expiry (a birthday at a renewal age).
  const opens = `${Number(expiry.slice(0, 4)) - GRACE_YEARS}${expiry.slice(4)}`;
  const from = opens.endsWith('-02-29') ? opens.replace(/-29$/, '-28') : opens;
  if (c.today < from) {
    return [{ code: 'renewal-not-due', message: `the card${card.issueDate ? ` issued on ${card.issueDate}` : ''} is valid until ${expiry}${renewalAge ? ` (renewal at ${renewalAge})` : ''}; renewal opens on ${from}, ${GRACE_YEARS} years before` }];
  }
  return [];
}
