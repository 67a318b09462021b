import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatPrefix, parsePrefix } from './prefix.ts';
import { provinces } from './provinces.ts';

describe('formatPrefix / parsePrefix', () => {
  it('writes PPP G YY', () => {
    assert.equal(formatPrefix({ provinceCode: '001', sex: 'male', birthYear: 1990 }), '001090');
    assert.equal(formatPrefix({ provinceCode: '079', sex: 'female', birthYear: 2003 }), '079303');
    assert.equal(formatPrefix({ provinceCode: '96', sex: 'female', birthYear: 1900 }), '096100');
    assert.equal(formatPrefix({ provinceCode: '001', sex: 'male', birthYear: 2399 }), '001899');
  });

  it('round-trips for every province, sex and a year of every century', () => {
    for (const p of provinces) {
      for (const sex of ['male', 'female'] as const) {
        for (const birthYear of [1900, 1999, 2000, 2025, 2150, 2299, 2305]) {
          const prefix = formatPrefix({ provinceCode: p.code, sex, birthYear });
          assert.deepEqual(parsePrefix(prefix), { provinceCode: p.code, sex, birthYear });
        }
      }
    }
  });

  it('refuses unknown provinces, years outside 1900–2399 and other sexes', () => {
    assert.throws(() => formatPrefix({ provinceCode: '003', sex: 'male', birthYear: 1990 }), { code: 'ERR_IDNUMBER_UNKNOWN_PROVINCE' });
    assert.throws(() => formatPrefix({ provinceCode: '1', sex: 'male', birthYear: 1990 }), { code: 'ERR_IDNUMBER_UNKNOWN_PROVINCE' });
    assert.throws(() => formatPrefix({ provinceCode: '001', sex: 'male', birthYear: 1899 }), { code: 'ERR_IDNUMBER_BIRTH_YEAR_RANGE' });
    assert.throws(() => formatPrefix({ provinceCode: '001', sex: 'male', birthYear: 2400 }), { code: 'ERR_IDNUMBER_BIRTH_YEAR_RANGE' });
    assert.throws(() => formatPrefix({ provinceCode: '001', sex: 'x' as 'male', birthYear: 1990 }), { code: 'ERR_IDNUMBER_SEX' });
    for (const bad of ['00109', '0010900', '00109a', '003090', '01090 ']) assert.throws(() => parsePrefix(bad), { code: 'ERR_IDNUMBER_PREFIX' });
  });
});
