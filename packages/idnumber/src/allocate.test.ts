import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { allocateIdNumber, createIdAllocator, SERIALS_PER_PREFIX, type AllocationRequest } from './allocate.ts';
import { IdNumberCounterError, IdNumberKeyError, IdNumberPrefixExhaustedError } from './errors.ts';
import { parseIdNumberOrThrow } from './parse.ts';
import { ff1Encrypt } from './ff1.ts';

// Test keys only; a deployment's key is generated at first start and never in the repo.
const KEY_A = Buffer.from('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 'hex');
const KEY_B = Buffer.from('1f1e1d1c1b1a191817161514131211100f0e0d0c0b0a09080706050403020100', 'hex');
const HANOI_MAN_1990 = { provinceCode: '001', sex: 'male', birthYear: 1990 } as const;

describe('ID number allocation', () => {
  it('gives all 10^6 counters of a prefix 10^6 distinct valid numbers of that prefix', () => {
    const allocator = createIdAllocator(KEY_A);
    const requests: AllocationRequest[] = Array.from({ length: SERIALS_PER_PREFIX }, (_, counter) => ({ ...HANOI_MAN_1990, counter }));
    const numbers = allocator.allocateMany(requests);
    assert.equal(numbers.length, 1_000_000);
    const seen = new Uint8Array(1_000_000);
    let distinct = 0;
    for (const n of numbers) {
      assert.equal(n.length, 12);
      assert.equal(n.slice(0, 6), '001090');
      const serial = Number(n.slice(6));
      if (seen[serial] === 0) distinct++;
      seen[serial] = 1;
    }
    assert.equal(distinct, 1_000_000);
    const info = parseIdNumberOrThrow(numbers[123_456]!);
    assert.deepEqual([info.provinceCode, info.sex, info.birthYear], ['001', 'male', 1990]);
  });

  it('is FF1 (SP 800-38G) with the prefix as tweak and the counter as 6-digit plaintext', () => {
    const serial = ff1Encrypt(KEY_A, 10, Buffer.from('079303', 'ascii'), [0, 0, 0, 0, 4, 2]).join('');
    assert.equal(allocateIdNumber({ key: KEY_A, provinceCode: '079', sex: 'female', birthYear: 2003, counter: 42 }), `079303${serial}`);
  });

  it('agrees between single, prefix and batch allocation', () => {
    const allocator = createIdAllocator(KEY_A);
    const requests: AllocationRequest[] = [];
    for (let k = 0; k < 3000; k++) {
      requests.push({ provinceCode: ['001', '079', '96'][k % 3]!, sex: k % 2 ? 'female' : 'male', birthYear: 1900 + (k % 500), counter: (k * 7919) % 1_000_000 });
    }
    const batch = allocator.allocateMany(requests);
    requests.forEach((r, k) => {
      assert.equal(allocator.allocate(r), batch[k]);
      assert.equal(allocateIdNumber({ ...r, key: KEY_A }), batch[k]);
      assert.equal(allocator.allocateInPrefix(batch[k]!.slice(0, 6), r.counter), batch[k]);
    });
  });

  it('allocates a range of consecutive counters like one-by-one allocation', () => {
    const a = createIdAllocator(KEY_B);
    const range = a.allocateRange('092303', 999_000, 1000);
    assert.equal(range.length, 1000);
    range.forEach((n, k) => assert.equal(n, a.allocateInPrefix('092303', 999_000 + k)));
    assert.deepEqual(a.allocateRange('092303', 5, 0), []);
    assert.throws(() => a.allocateRange('092303', 999_001, 1000), IdNumberPrefixExhaustedError);
    assert.throws(() => a.allocateRange('092303', 0, -1), IdNumberCounterError);
    assert.throws(() => a.allocateRange('003303', 0, 1), { code: 'ERR_IDNUMBER_PREFIX' });
  });

  it('is deterministic: the same key, prefix and counter always give the same number', () => {
    const a1 = createIdAllocator(KEY_A);
    const a2 = createIdAllocator(Uint8Array.from(KEY_A));
    for (let counter = 0; counter < 100; counter++) {
      assert.equal(a1.allocate({ ...HANOI_MAN_1990, counter }), a2.allocate({ ...HANOI_MAN_1990, counter }));
    }
  });

  it('gives other sequences under another key, and in another prefix', () => {
    const seq = (key: Uint8Array, prefix: string) => {
      const a = createIdAllocator(key);
      return Array.from({ length: 1000 }, (_, c) => a.allocateInPrefix(prefix, c).slice(6));
    };
    const base = seq(KEY_A, '001090');
    for (const other of [seq(KEY_B, '001090'), seq(KEY_A, '001190'), seq(KEY_A, '001091'), seq(KEY_A, '002090')]) {
      const same = base.filter((s, k) => other[k] === s).length;
      assert.ok(same <= 5, `${same} of 1000 serials coincide`); // ~1 expected by chance
    }
  });

  it('does not reveal issue order: serials are not increasing and spread over the range', () => {
    const a = createIdAllocator(KEY_A);
    const serials = Array.from({ length: 10_000 }, (_, c) => Number(a.allocate({ ...HANOI_MAN_1990, counter: c }).slice(6)));
    const ascents = serials.filter((s, k) => k > 0 && s > serials[k - 1]!).length;
    assert.ok(ascents > 4500 && ascents < 5500, `${ascents} ascents in 9999 steps`); // ~5000 for a random order
    const byLeadingDigit = new Array<number>(10).fill(0);
    for (const s of serials) byLeadingDigit[Math.floor(s / 100_000)]!++;
    for (const count of byLeadingDigit) assert.ok(count > 850 && count < 1150, `leading digits ${byLeadingDigit}`);
  });

  it('inverts: counterOf gives back the counter', () => {
    const a = createIdAllocator(KEY_A);
    for (const counter of [0, 1, 2, 999, 1000, 123_456, 999_999]) {
      assert.equal(a.counterOf(a.allocate({ provinceCode: '048', sex: 'female', birthYear: 2012, counter })), counter);
    }
    assert.throws(() => a.counterOf('003090123456'), { code: 'ERR_IDNUMBER_UNKNOWN_PROVINCE' });
  });

  it('fails with a typed error once a prefix is exhausted (counter ≥ 10^6)', () => {
    const a = createIdAllocator(KEY_A);
    assert.doesNotThrow(() => a.allocate({ ...HANOI_MAN_1990, counter: 999_999 }));
    for (const counter of [1_000_000, 1_000_001, 2 ** 40]) {
      assert.throws(() => a.allocate({ ...HANOI_MAN_1990, counter }), (e: unknown) => {
        assert.ok(e instanceof IdNumberPrefixExhaustedError);
        assert.equal(e.code, 'ERR_IDNUMBER_PREFIX_EXHAUSTED');
        assert.equal(e.prefix, '001090');
        assert.equal(e.counter, counter);
        return true;
      });
    }
    assert.throws(() => a.allocateInPrefix('001090', 1_000_000), IdNumberPrefixExhaustedError);
    assert.throws(() => a.allocateMany([{ ...HANOI_MAN_1990, counter: 1_000_000 }]), IdNumberPrefixExhaustedError);
    assert.throws(() => allocateIdNumber({ ...HANOI_MAN_1990, counter: 1_000_000, key: KEY_A }), IdNumberPrefixExhaustedError);
  });

  it('refuses counters that are not integers ≥ 0, bad prefixes and bad keys', () => {
    const a = createIdAllocator(KEY_A);
    for (const counter of [-1, 0.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      assert.throws(() => a.allocate({ ...HANOI_MAN_1990, counter }), IdNumberCounterError);
    }
    assert.throws(() => a.allocate({ ...HANOI_MAN_1990, provinceCode: '003', counter: 0 }), { code: 'ERR_IDNUMBER_UNKNOWN_PROVINCE' });
    assert.throws(() => a.allocate({ ...HANOI_MAN_1990, birthYear: 2400, counter: 0 }), { code: 'ERR_IDNUMBER_BIRTH_YEAR_RANGE' });
    assert.throws(() => a.allocateInPrefix('003090', 0), { code: 'ERR_IDNUMBER_PREFIX' });
    for (const key of [new Uint8Array(0), new Uint8Array(31), new Uint8Array(64)]) {
      assert.throws(() => createIdAllocator(key), IdNumberKeyError);
    }
    assert.doesNotThrow(() => createIdAllocator(new Uint8Array(16)));
    assert.doesNotThrow(() => createIdAllocator(new Uint8Array(24)));
  });
});
