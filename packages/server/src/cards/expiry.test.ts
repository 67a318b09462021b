// The validity rules at every boundary (DESIGN.md §6; decisions in the header of expiry.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cardValidity } from './expiry.ts';

// [birth date, issue date, expected expiry (null: never), why this row]
const TABLE: Array<[string, string, string | null, string]> = [
  // Issued young: renewed at 14, unless within 2 years of it.
  ['2010-05-20', '2010-05-20', '2024-05-20', 'issued on the day of birth (on request)'],
  ['2010-05-20', '2016-01-01', '2024-05-20', 'issued at 5'],
  ['2010-05-20', '2022-05-19', '2024-05-20', 'the day before the 12th birthday: renewed at 14'],
  ['2010-05-20', '2022-05-20', '2035-05-20', 'exactly 2 years before 14: valid until 25'],
  ['2010-05-20', '2024-05-19', '2035-05-20', 'the day before 14'],
  // 14 → 25
  ['2010-05-20', '2024-05-20', '2035-05-20', 'on the 14th birthday'],
  ['1990-03-15', '2013-03-14', '2015-03-15', 'the day before the 23rd birthday: renewed at 25'],
  ['1990-03-15', '2013-03-15', '2030-03-15', 'exactly 2 years before 25: valid until 40'],
  ['1990-03-15', '2015-03-14', '2030-03-15', 'the day before 25'],
  ['1990-03-15', '2015-03-15', '2030-03-15', 'on the 25th birthday'],
  // 25 → 40
  ['1980-12-31', '2018-12-30', '2020-12-31', 'the day before 38: renewed at 40'],
  ['1980-12-31', '2018-12-31', '2040-12-31', 'exactly 2 years before 40: valid until 60'],
  ['1980-12-31', '2020-12-31', '2040-12-31', 'on the 40th birthday'],
  // 40 → 60 → none
  ['1966-07-01', '2024-06-30', '2026-07-01', 'the day before 58: renewed at 60'],
  ['1966-07-01', '2024-07-01', null, 'exactly 2 years before 60: never expires'],
  ['1966-07-01', '2026-06-30', null, 'the day before 60'],
  ['1966-07-01', '2026-07-01', null, 'on the 60th birthday'],
  ['1940-01-01', '2021-06-01', null, 'issued at 81'],
  // Leap-day birthdays: 28 February in common years, 29 February in leap years.
  ['2000-02-29', '2020-01-10', '2025-02-28', 'renewal at 25 falls in a common year'],
  ['2000-02-29', '2023-02-27', '2025-02-28', 'the day before the 23rd birthday (28 Feb 2023)'],
  ['2000-02-29', '2023-02-28', '2040-02-29', 'the 23rd birthday is 28 Feb 2023; renewal at 40 falls in a leap year'],
  ['1984-02-29', '2022-02-27', '2024-02-29', 'the day before 38 (28 Feb 2022): renewed at 40, a leap year'],
  ['1964-02-29', '2022-02-28', null, '58th birthday on 28 Feb 2022: never expires'],
  ['1964-02-29', '2022-02-27', '2024-02-29', 'the day before: renewed at 60 in 2024'],
  ['1996-02-29', '2010-02-27', '2021-02-28', 'the day before the 14th birthday (28 Feb 2010), within 2 years of it: valid until 25, in a common year'],
];

for (const [birth, issue, expiry, why] of TABLE) {
  test(`born ${birth}, issued ${issue} → ${expiry ?? 'none'} (${why})`, () => {
    assert.equal(cardValidity(birth, issue).expiryDate, expiry);
  });
}

test('the explanation names the age, the rule and the decision that applied', () => {
  const v = cardValidity('1990-03-15', '2013-03-15');
  assert.equal(v.ageAtIssue, 23);
  assert.equal(v.renewalAge, 40);
  const text = v.explanation.join('\n');
  assert.match(text, /aged 23/);
  assert.match(text, /within 2 years before the renewal at 25 \(on or after 2013-03-15\)/);
  assert.match(text, /Expires at the renewal at 40: the holder's birthday that year, 2030-03-15/);
  assert.match(cardValidity('2000-02-29', '2020-01-10').explanation.join('\n'), /28 February/);
  assert.match(cardValidity('1940-01-01', '2021-06-01').explanation.join('\n'), /60 or later: the card does not expire/);
});

test('impossible dates are refused with the field named', () => {
  assert.throws(() => cardValidity('1990-02-30', '2020-01-01'), { code: 'ERR_CARD_DATE', field: 'birthDate' });
  assert.throws(() => cardValidity('2001-02-29', '2020-01-01'), { field: 'birthDate' });
  assert.throws(() => cardValidity('1990-01-01', '20200101'), { field: 'issueDate' });
  assert.throws(() => cardValidity('1990-01-01', '1989-12-31'), /before the date of birth/);
});
