import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cardNumberOf, isCardNumber } from './card-number.ts';

test('card numbers carry the ICAO 9303-3 check digit (7-3-1)', () => {
  // 9303-3 §4.9 worked example: 520727 → 3; as a 9-digit field 000520727.
  assert.equal(cardNumberOf(520727), '0005207273');
  assert.equal(cardNumberOf(1), '0000000011');
  assert.equal(cardNumberOf(999999999), '9999999997');
  assert.ok(isCardNumber('0005207273'));
  assert.ok(!isCardNumber('0005207274'), 'a wrong check digit');
  assert.ok(!isCardNumber('1005207273'), 'a wrong first digit');
  assert.ok(!isCardNumber('000520727'), 'too short');
  assert.ok(!isCardNumber('00052072 3'), 'not digits');
  assert.throws(() => cardNumberOf(0), RangeError);
  assert.throws(() => cardNumberOf(1_000_000_000), RangeError);
});
