// How long an identity card is valid (DESIGN.md §6 "Identity card"), as a pure function of the
// holder's date of birth and the card's issue date.
//
// The law (Luật Căn cước 2023, 26/2023/QH15, Art. 21, as Art. 21 of the 2014 Law on Citizen
// Identification before it):
//   1. cards are renewed at 14, 25, 40 and 60;
//   2. a card issued within 2 years before one of those ages is valid until the following one;
//   3. a card issued at 60 or later — and so, by (2), one issued from 58 on — never expires.
// Art. 19: a card is mandatory from 14 and issued below 14 on request; the rules above apply to
// it too (a card issued at 5 is renewed at 14; one issued at 12 or 13, within two years of 14,
// is valid until 25).
//
// The printed expiry is the holder's birthday in the year of the renewal age. Decisions where the
// text is silent, each with a test:
//   - "within 2 years before" age A means on or after the birthday at A−2: a card issued on the
//     23rd birthday is valid until 40, one issued the day before until 25;
//   - someone born on 29 February has, in a year without that day, their birthday on 28 February:
//     the Civil Code (Bộ luật Dân sự 2015, Art. 148) ends a period counted in months on the last
//     day of the month when the month has no corresponding day, and years are counted the same
//     way. They turn A on 28 February, and that is their card's expiry.

export const RENEWAL_AGES = [14, 25, 40, 60] as const;
/** Age from which a card is mandatory (below it, on request). */
export const MANDATORY_AGE = 14;
/** The "2 years before a renewal age" of Art. 21(2). */
export const GRACE_YEARS = 2;

export interface CardValidity {
  /** YYYY-MM-DD, or null when the card never expires. */
  expiryDate: string | null;
  /** The renewal age at which the card expires, or null. */
  renewalAge: (typeof RENEWAL_AGES)[number] | null;
  /** Whole years of age on the issue date. */
  ageAtIssue: number;
  /** Why, one sentence per line, citing the rule. */
  explanation: string[];
}

export class CardDateError extends Error {
  readonly code = 'ERR_CARD_DATE';
  readonly field: string;
  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = 'CardDateError';
    this.field = field;
  }
}

interface Ymd { y: number; m: number; d: number }

function parseDate(field: string, s: string): Ymd {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo)) return { y, m: mo, d };
  }
  throw new CardDateError(field, `must be a date YYYY-MM-DD, got ${JSON.stringify(s)}`);
}

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeap(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;
}
const fmt = (x: Ymd) => `${String(x.y).padStart(4, '0')}-${String(x.m).padStart(2, '0')}-${String(x.d).padStart(2, '0')}`;
const cmp = (a: Ymd, b: Ymd) => a.y - b.y || a.m - b.m || a.d - b.d;

/** The holder's birthday at `age`: 29 February becomes 28 February in a common year. */
export function birthdayAt(birth: Ymd, age: number): Ymd {
  const y = birth.y + age;
  return { y, m: birth.m, d: Math.min(birth.d, daysInMonth(y, birth.m)) };
}

function ageOn(birth: Ymd, date: Ymd): number {
  let age = date.y - birth.y;
  if (cmp(date, birthdayAt(birth, age)) < 0) age--;
  return age;
}

/** Validity of a card issued on `issueDate` to someone born on `birthDate` (both YYYY-MM-DD). */
export function cardValidity(birthDate: string, issueDate: string): CardValidity {
  const birth = parseDate('birthDate', birthDate);
  const issue = parseDate('issueDate', issueDate);
  if (cmp(issue, birth) < 0) throw new CardDateError('issueDate', `${issueDate} is before the date of birth ${birthDate}`);
  const ageAtIssue = ageOn(birth, issue);
  const why = [`Issued on ${issueDate} to a holder born on ${birthDate}, aged ${ageAtIssue}.`];
  if (ageAtIssue < MANDATORY_AGE) why.push(`A card is mandatory from ${MANDATORY_AGE}; below it one is issued on request (Law on Identification 2023, Art. 19) and the same renewal rules apply.`);
  if (birth.m === 2 && birth.d === 29) why.push('Born on 29 February: in a year without that day the birthday is 28 February (Civil Code 2015, Art. 148: a period ending on a day the month lacks ends on its last day).');
  why.push(`Cards are renewed at ${RENEWAL_AGES.join(', ')}; one issued within ${GRACE_YEARS} years before a renewal age is valid until the following one; one issued at 60 or later does not expire (Law on Identification 2023, Art. 21).`);
  for (const age of RENEWAL_AGES) {
    const renewal = birthdayAt(birth, age);
    const graceFrom = birthdayAt(birth, age - GRACE_YEARS);
    if (cmp(issue, renewal) >= 0) continue;
    if (cmp(issue, graceFrom) >= 0) {
      why.push(`Issued within ${GRACE_YEARS} years before the renewal at ${age} (on or after ${fmt(graceFrom)}): no renewal at ${age}.`);
      continue;
    }
    why.push(`Expires at the renewal at ${age}: the holder's birthday that year, ${fmt(renewal)}.`);
    return { expiryDate: fmt(renewal), renewalAge: age, ageAtIssue, explanation: why };
  }
  why.push(ageAtIssue >= 60 ? 'Issued at 60 or later: the card does not expire.' : 'No renewal age remains after the one it skips: the card does not expire.');
  return { expiryDate: null, renewalAge: null, ageAtIssue, explanation: why };
}
