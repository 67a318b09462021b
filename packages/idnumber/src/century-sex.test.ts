import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { birthYearOf, CENTURY_SEX_DIGITS, centurySexDigit } from './century-sex.ts';
import { IdNumberBirthYearRangeError, IdNumberSexError } from './errors.ts';

// DESIGN.md §6: 1900s male 0 / female 1; 2000s 2/3; 2100s 4/5; 2200s 6/7; 2300s 8/9.
const TABLE: [digit: number, centuryStart: number, sex: 'male' | 'female'][] = [
  [0, 1900, 'male'], [1, 1900, 'female'], [2, 2000, 'male'], [3, 2000, 'female'], [4, 2100, 'male'],
  [5, 2100, 'female'], [6, 2200, 'male'], [7, 2200, 'female'], [8, 2300, 'male'], [9, 2300, 'female'],
];

describe('century/sex digit', () => {
  it('has the ten values of the table', () => {
    assert.deepEqual(CENTURY_SEX_DIGITS.map((c) => [c.digit, c.centuryStart, c.sex]), TABLE);
  });

  it('is computed from sex and birth year, first and last year of each century', () => {
    for (const [digit, start, sex] of TABLE) {
      assert.equal(centurySexDigit(sex, start), digit);
      assert.equal(centurySexDigit(sex, start + 99), digit);
      assert.equal(birthYearOf(digit, 0), start);
      assert.equal(birthYearOf(digit, 99), start + 99);
    }
  });

  it('refuses years it cannot express and sexes it does not encode', () => {
    for (const y of [1899, 2400, 1990.5, Number.NaN]) assert.throws(() => centurySexDigit('male', y), IdNumberBirthYearRangeError);
    assert.throws(() => centurySexDigit('other' as 'male', 1990), IdNumberSexError);
  });
});
