import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { normaliseProvinceCode, provinceByCode, provinces } from './provinces.ts';
import { parseIdNumber } from './parse.ts';

// The 63 statistics codes of the provinces until 30 June 2025, written out independently of the
// generated table (Decision 124/2004/QĐ-TTg list, as amended).
const CODES_2024 =
  '01 02 04 06 08 10 11 12 14 15 17 19 20 22 24 25 26 27 30 31 33 34 35 36 37 38 40 42 44 45 46 48 ' +
  '49 51 52 54 56 58 60 62 64 66 67 68 70 72 74 75 77 79 80 82 83 84 86 87 89 91 92 93 94 95 96';

describe('provinces', () => {
  it('are the 63 pre-2025 provinces, coded 001–096 with a leading 0, in order', () => {
    const expected = CODES_2024.split(' ').map((c) => `0${c}`);
    assert.equal(expected.length, 63);
    assert.deepEqual(provinces.map((p) => p.code), expected);
  });

  it('carry official names, NFC-normalised', () => {
    assert.equal(provinceByCode('001')?.name, 'Thành phố Hà Nội');
    assert.equal(provinceByCode('079')?.name, 'Thành phố Hồ Chí Minh');
    assert.equal(provinceByCode('096')?.name, 'Tỉnh Cà Mau');
    assert.equal(provinceByCode('048')?.name, 'Thành phố Đà Nẵng');
    for (const p of provinces) {
      assert.equal(p.name, p.name.normalize('NFC'));
      assert.match(p.name, /^(Tỉnh|Thành phố) \S/u);
    }
    assert.deepEqual(provinceByCode('046')?.formerNames, ['Tỉnh Thừa Thiên Huế']);
  });

  it('map to the 34 provinces of 1 July 2025, whose codes are among the 63', () => {
    const after = new Set(provinces.map((p) => p.since2025.code));
    assert.equal(after.size, 34);
    for (const code of after) assert.ok(provinceByCode(code), code);
    assert.deepEqual(provinceByCode('002')?.since2025, { code: '008', name: 'Tỉnh Tuyên Quang' });
    assert.deepEqual(provinceByCode('074')?.since2025, { code: '079', name: 'Thành phố Hồ Chí Minh' });
    assert.deepEqual(provinceByCode('001')?.since2025, { code: '001', name: 'Thành phố Hà Nội' });
  });

  it('are found by 3-digit or 2-digit code, and no other code finds one', () => {
    assert.equal(provinceByCode('01')?.code, '001');
    assert.equal(normaliseProvinceCode('79'), '079');
    const known = new Set(provinces.map((p) => p.code));
    for (let c = 0; c < 1000; c++) {
      const code = String(c).padStart(3, '0');
      assert.equal(provinceByCode(code) !== undefined, known.has(code), code);
    }
    for (const bad of ['', '1', '0001', '003', '097', '100', ' 01', '01 ']) assert.equal(provinceByCode(bad), undefined, bad);
  });

  it('are immutable', () => {
    assert.throws(() => (provinces as unknown as unknown[]).push({}));
    assert.throws(() => {
      (provinces[0] as { name: string }).name = 'x';
    });
  });

  it('each parse as the PPP of a number with the right name', () => {
    for (const p of provinces) {
      const r = parseIdNumber(`${p.code}090123456`);
      assert.ok(r.ok, p.code);
      assert.equal(r.value.provinceCode, p.code);
      assert.equal(r.value.provinceName, p.name);
    }
  });
});
