import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isValidIdNumber, parseIdNumber, parseIdNumberOrThrow } from './parse.ts';
import {
  IdNumberArgumentError,
  IdNumberBirthYearInFutureError,
  IdNumberLengthError,
  IdNumberNotDigitsError,
  IdNumberTypeError,
  IdNumberUnknownProvinceError,
} from './errors.ts';

function errorOf(input: unknown, options = {}) {
  const r = parseIdNumber(input, options);
  assert.equal(r.ok, false, `${String(input)} should be invalid`);
  return (r as { ok: false; error: Error & { code: string } }).error;
}

describe('parseIdNumber', () => {
  it('reads every part of a valid number', () => {
    const r = parseIdNumber('001090123456');
    assert.ok(r.ok);
    assert.deepEqual(
      { ...r.value, province: undefined },
      {
        number: '001090123456',
        provinceCode: '001',
        provinceName: 'Thành phố Hà Nội',
        province: undefined,
        sex: 'male',
        birthYear: 1990,
        century: 20,
        centurySexDigit: 0,
        prefix: '001090',
        serial: '123456',
      },
    );
    assert.equal(r.value.province.code, '001');
  });

  it('reads century and sex from G and the year from YY', () => {
    const cases: [string, 'male' | 'female', number, number][] = [
      ['079000000000', 'male', 1900, 20],
      ['079199999999', 'female', 1999, 20],
      ['096203000001', 'male', 2003, 21],
      ['096324999999', 'female', 2024, 21],
      ['001450000000', 'male', 2150, 22],
      ['001599000000', 'female', 2199, 22],
      ['001600000000', 'male', 2200, 23],
      ['001700000000', 'female', 2200, 23],
      ['001800000000', 'male', 2300, 24],
      ['001999000000', 'female', 2399, 24],
    ];
    for (const [n, sex, year, century] of cases) {
      const v = parseIdNumberOrThrow(n);
      assert.deepEqual([v.sex, v.birthYear, v.century], [sex, year, century], n);
    }
  });

  it('accepts every serial, 000000 to 999999', () => {
    assert.ok(isValidIdNumber('001090000000'));
    assert.ok(isValidIdNumber('001090999999'));
  });

  it('rejects a value that is not a string (a number loses its leading zeros)', () => {
    for (const v of [1090123456, null, undefined, {}, ['001090123456']]) assert.ok(errorOf(v) instanceof IdNumberTypeError);
    assert.equal(errorOf(1090123456).code, 'ERR_IDNUMBER_TYPE');
  });

  it('rejects characters other than ASCII digits, naming the first', () => {
    const cases: [string, number][] = [
      ['00109012345a', 11],
      ['001 090 123456', 3],
      ['001-090-123456', 3],
      [' 001090123456', 0],
      ['001090123456\n', 12],
      ['００１090123456', 0], // full-width digits
      ['٠٠١090123456', 0], // Arabic-Indic digits
      ['+01090123456', 0],
      ['1e11', 1],
    ];
    for (const [input, position] of cases) {
      const e = errorOf(input);
      assert.ok(e instanceof IdNumberNotDigitsError, input);
      assert.equal(e.code, 'ERR_IDNUMBER_NOT_DIGITS');
      assert.equal(e.position, position, input);
    }
  });

  it('rejects a wrong number of digits, old 9-digit CMND numbers included', () => {
    for (const input of ['', '0', '00109012345', '0010901234567', '123456789', '0123456789012345']) {
      const e = errorOf(input);
      assert.ok(e instanceof IdNumberLengthError, input);
      assert.equal(e.code, 'ERR_IDNUMBER_LENGTH');
      assert.equal(e.length, input.length);
    }
  });

  it('rejects a province code that belongs to no province', () => {
    for (const ppp of ['000', '003', '005', '009', '013', '016', '018', '021', '023', '028', '029', '032', '039', '041', '043', '047', '050', '053', '055', '057', '059', '061', '063', '065', '069', '071', '073', '076', '078', '081', '085', '088', '090', '097', '098', '099', '100', '479', '999']) {
      const e = errorOf(`${ppp}090123456`);
      assert.ok(e instanceof IdNumberUnknownProvinceError, ppp);
      assert.equal(e.code, 'ERR_IDNUMBER_UNKNOWN_PROVINCE');
      assert.equal(e.provinceCode, ppp);
    }
  });

  it('rejects a birth year after `today` only when today is given', () => {
    assert.ok(isValidIdNumber('001225123456'), 'no today: 2025 is expressible');
    assert.ok(isValidIdNumber('001450000000'), 'no today: 2150 is expressible');
    assert.ok(isValidIdNumber('001225123456', { today: '2025-01-01' }), 'born this year');
    const e = errorOf('001226123456', { today: '2025-12-31' });
    assert.ok(e instanceof IdNumberBirthYearInFutureError);
    assert.equal(e.code, 'ERR_IDNUMBER_BIRTH_YEAR_IN_FUTURE');
    assert.deepEqual([e.birthYear, e.currentYear], [2026, 2025]);
    assert.ok(!isValidIdNumber('001450000000', { today: new Date('2026-06-01T00:00:00Z') }));
  });

  it('reads a Date `today` in Vietnam time (UTC+7)', () => {
    // 31 Dec 2025 18:00 UTC is already 1 Jan 2026 in Hà Nội.
    assert.ok(isValidIdNumber('001226123456', { today: new Date('2025-12-31T18:00:00Z') }));
    assert.ok(!isValidIdNumber('001226123456', { today: new Date('2025-12-31T16:00:00Z') }));
  });

  it('treats a malformed `today` as a programming error', () => {
    for (const today of ['2025-13-01', '2025-02-30', '25-01-01', new Date('nope')]) {
      assert.throws(() => parseIdNumber('001090123456', { today }), IdNumberArgumentError);
    }
  });

  it('checks in a stable order: type, digits, length, province, year', () => {
    assert.equal(errorOf('0a3').code, 'ERR_IDNUMBER_NOT_DIGITS');
    assert.equal(errorOf('003').code, 'ERR_IDNUMBER_LENGTH');
    assert.equal(errorOf('003990123456', { today: '2000-01-01' }).code, 'ERR_IDNUMBER_UNKNOWN_PROVINCE');
  });

  it('has a throwing variant', () => {
    assert.throws(() => parseIdNumberOrThrow('003090123456'), IdNumberUnknownProvinceError);
    assert.equal(parseIdNumberOrThrow('079303000123').birthYear, 2003);
  });

  it('returns frozen results', () => {
    const v = parseIdNumberOrThrow('001090123456');
    assert.ok(Object.isFrozen(v));
  });
});
