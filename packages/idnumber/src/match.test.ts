import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkIdNumberMatches, yearOfBirthDate } from './match.ts';
import { IdNumberBirthYearMismatchError, IdNumberSexMismatchError } from './errors.ts';

describe('checkIdNumberMatches', () => {
  it('accepts a number that fits the person, with full or partial birth dates', () => {
    for (const birthDate of ['1990-07-14', '1990-07', '1990']) {
      assert.deepEqual(checkIdNumberMatches('001090123456', { sex: 'male', birthDate }), { ok: true });
    }
    assert.deepEqual(checkIdNumberMatches('079303000123', { sex: 'female', birthDate: '2003-02-28' }), { ok: true });
  });

  it('reports a contradicted sex', () => {
    const r = checkIdNumberMatches('001090123456', { sex: 'female', birthDate: '1990-01-01' });
    assert.ok(!r.ok && 'mismatches' in r);
    assert.equal(r.mismatches.length, 1);
    const e = r.mismatches[0]!;
    assert.ok(e instanceof IdNumberSexMismatchError);
    assert.deepEqual([e.code, e.expected, e.actual], ['ERR_IDNUMBER_SEX_MISMATCH', 'female', 'male']);
  });

  it('reports a contradicted birth year, including the right YY in the wrong century', () => {
    const r = checkIdNumberMatches('001290123456', { sex: 'male', birthDate: '1990-05-01' });
    assert.ok(!r.ok && 'mismatches' in r);
    const e = r.mismatches[0]!;
    assert.ok(e instanceof IdNumberBirthYearMismatchError);
    assert.deepEqual([e.code, e.expected, e.actual], ['ERR_IDNUMBER_BIRTH_YEAR_MISMATCH', 1990, 2090]);
  });

  it('reports every contradiction, sex first', () => {
    const r = checkIdNumberMatches('001090123456', { sex: 'female', birthDate: '1991-01-01' });
    assert.ok(!r.ok && 'mismatches' in r);
    assert.deepEqual(r.mismatches.map((e) => e.code), ['ERR_IDNUMBER_SEX_MISMATCH', 'ERR_IDNUMBER_BIRTH_YEAR_MISMATCH']);
  });

  it('says when the number itself is invalid', () => {
    const r = checkIdNumberMatches('003090123456', { sex: 'male', birthDate: '1990' });
    assert.ok(!r.ok && 'invalid' in r);
    assert.equal(r.invalid.code, 'ERR_IDNUMBER_UNKNOWN_PROVINCE');
  });

  it('throws on malformed person facts (a caller bug, not a mismatch)', () => {
    for (const birthDate of ['1990-02-30', '1990-13', '90', '1990/01/01', '']) {
      assert.throws(() => checkIdNumberMatches('001090123456', { sex: 'male', birthDate }), { code: 'ERR_IDNUMBER_BIRTH_DATE' });
    }
    assert.throws(() => checkIdNumberMatches('001090123456', { sex: 'm' as 'male', birthDate: '1990' }), { code: 'ERR_IDNUMBER_SEX' });
    assert.equal(yearOfBirthDate('2000-02-29'), 2000);
    assert.throws(() => yearOfBirthDate('1900-02-29'), { code: 'ERR_IDNUMBER_BIRTH_DATE' });
  });
});
