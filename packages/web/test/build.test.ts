// What the console's build derives from others' data: the form rules from the API's OpenAPI
// document (checked here against values the API itself accepts and refuses), and the schematic
// map from Natural Earth and GeoNames (every province of both generations gets a cell).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { before, test } from 'node:test';
import { buildMapData, HEIGHT, WIDTH } from '../build/map-data.ts';
import { formRules } from '../build/rules.ts';
import { validate, type Schema } from '../src/forms/schema-check.ts';

let rules: Record<string, Record<string, unknown>>;
before(() => {
  const bin = path.resolve(import.meta.dirname, '../../server/bin/cancuoc.js');
  rules = formRules(JSON.parse(execFileSync(process.execPath, [bin, 'openapi'], { encoding: 'utf8', maxBuffer: 64 << 20 })));
});

test('form rules are the API request schemas, $refs resolved', () => {
  const birth = rules['POST /api/v1/births']!.body as Schema;
  assert.ok(birth.required?.includes('legalBasis'));
  assert.ok(birth.properties?.fullName?.pattern);
  const search = rules['GET /api/v1/persons']!.querystring as Schema;
  assert.ok(search.properties?.name && search.required?.includes('name'));
  assert.equal(JSON.stringify(rules).includes('"$ref"'), false);
});

test('the console refuses what the API refuses and accepts what it accepts', () => {
  const birth = rules['POST /api/v1/births']!.body as Schema;
  const ok = {
    fullName: 'Nguyễn Thị Ánh Dương', sex: 'female', birthDate: '2025-11-01', placeOfBirth: 'Bệnh viện Phụ sản Hà Nội',
    birthRegistrationUnitId: '2:00004', legalBasis: 'Giấy khai sinh số 1/2025', fatherIdNumber: '001090012345',
  };
  assert.deepEqual(validate(birth, ok), {});
  // NFD input (combining marks) is a name too: the API's pattern allows \p{M}.
  assert.deepEqual(validate(birth, { ...ok, fullName: ok.fullName.normalize('NFD') }), {});
  assert.deepEqual(validate(birth, { ...ok, fullName: 'Nguyễn 3' }), { '/body/fullName': { key: 'pattern' } });
  assert.deepEqual(validate(birth, { ...ok, fatherIdNumber: '12345' }), { '/body/fatherIdNumber': { key: 'pattern' } });
  assert.deepEqual(validate(birth, { ...ok, sex: 'x' }), { '/body/sex': { key: 'choose' } });
  assert.deepEqual(validate(birth, { ...ok, legalBasis: 'ab' }), { '/body/legalBasis': { key: 'tooShort', n: 3 } });
  const { legalBasis: _l, ...missing } = ok;
  assert.deepEqual(validate(birth, missing), { '/body/legalBasis': { key: 'required' } });
  const move = rules['POST /api/v1/persons/{idNumber}/residence']!.body as Schema;
  assert.deepEqual(validate(move, { kind: 'permanent', unitId: '2:00097', address: 'Số 1', date: '2025-13-01', legalBasis: 'Đăng ký 1/2025' }), {},
    'a well-formed date string: the calendar check is the form\'s (dd/mm/yyyy parsing) and the server\'s');
  assert.deepEqual(Object.keys(validate(move, { kind: 'permanent', unitId: '3:1', address: '', date: '2025-10-01', legalBasis: 'Đăng ký' })).sort(),
    ['/body/address', '/body/unitId']);
});

test('the schematic map has a clipped cell and a label for each of the 34 and the 63 provinces', () => {
  const map = buildMapData();
  assert.ok(map.outline.startsWith('M') && map.outline.length > 1000);
  for (const [generation, count] of [[1, 63], [2, 34]] as const) {
    const cells = map.generations[generation];
    assert.equal(cells.length, count);
    assert.equal(new Set(cells.map((c) => c.id)).size, count);
    for (const c of cells) {
      assert.match(c.id, generation === 1 ? /^1:\d{2}$/ : /^2:\d{2}$/);
      assert.ok(c.cell.startsWith('M'), `${c.id} has a cell`);
      assert.ok(c.label[0] > 0 && c.label[0] < WIDTH && c.label[1] > 0 && c.label[1] < HEIGHT, `${c.id}'s seat ${c.seat} lies on the map`);
    }
  }
  // North is up: Hà Giang's capital lies above Cà Mau's.
  const y = (id: string) => map.generations[1].find((c) => c.id === id)!.label[1];
  assert.ok(y('1:02') < y('1:01') && y('1:01') < y('1:79') && y('1:79') < y('1:96'));
});
