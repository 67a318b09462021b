// FF1 against the samples NIST published for SP 800-38G (FF1samples, "Examples with Intermediate
// Values": samples 1–9, AES-128/192/256, radix 10 and 36), both directions.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ff1Decrypt, ff1Encrypt } from './ff1.ts';
import { IdNumberArgumentError, IdNumberKeyError } from './errors.ts';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';
const toNumerals = (s: string): number[] => [...s].map((c) => ALPHABET.indexOf(c));
const fromNumerals = (x: number[]): string => x.map((d) => ALPHABET[d]).join('');

const K128 = '2B7E151628AED2A6ABF7158809CF4F3C';
const K192 = `${K128}EF4359D8D580AA4F`;
const K256 = `${K192}7F036D6F04FC6A94`;
const T10 = '39383736353433323130';
const T11 = '3737373770717273373737';

const SAMPLES: { n: number; key: string; radix: number; tweak: string; pt: string; ct: string }[] = [
  { n: 1, key: K128, radix: 10, tweak: '', pt: '0123456789', ct: '2433477484' },
  { n: 2, key: K128, radix: 10, tweak: T10, pt: '0123456789', ct: '6124200773' },
  { n: 3, key: K128, radix: 36, tweak: T11, pt: '0123456789abcdefghi', ct: 'a9tv40mll9kdu509eum' },
  { n: 4, key: K192, radix: 10, tweak: '', pt: '0123456789', ct: '2830668132' },
  { n: 5, key: K192, radix: 10, tweak: T10, pt: '0123456789', ct: '2496655549' },
  { n: 6, key: K192, radix: 36, tweak: T11, pt: '0123456789abcdefghi', ct: 'xbj3kv35jrawxv32ysr' },
  { n: 7, key: K256, radix: 10, tweak: '', pt: '0123456789', ct: '6657667009' },
  { n: 8, key: K256, radix: 10, tweak: T10, pt: '0123456789', ct: '1001623463' },
  { n: 9, key: K256, radix: 36, tweak: T11, pt: '0123456789abcdefghi', ct: 'xs8a0azh2avyalyzuwd' },
];

describe('FF1 (NIST SP 800-38G samples)', () => {
  for (const s of SAMPLES) {
    it(`sample ${s.n}: AES-${s.key.length * 4}, radix ${s.radix}, ${s.tweak.length / 2}-byte tweak`, () => {
      const key = Buffer.from(s.key, 'hex');
      const tweak = Buffer.from(s.tweak, 'hex');
      assert.equal(fromNumerals(ff1Encrypt(key, s.radix, tweak, toNumerals(s.pt))), s.ct);
      assert.equal(fromNumerals(ff1Decrypt(key, s.radix, tweak, toNumerals(s.ct))), s.pt);
    });
  }

  it('refuses keys that are not AES keys', () => {
    assert.throws(() => ff1Encrypt(new Uint8Array(20), 10, new Uint8Array(), toNumerals('123456')), IdNumberKeyError);
  });

  it('refuses domains below 10^6 (SP 800-38G Rev. 1 §5.2) and numerals outside the radix', () => {
    const key = Buffer.from(K128, 'hex');
    assert.throws(() => ff1Encrypt(key, 10, new Uint8Array(), toNumerals('12345')), IdNumberArgumentError);
    assert.throws(() => ff1Encrypt(key, 10, new Uint8Array(), [1, 2, 3, 4, 5, 10]), IdNumberArgumentError);
    assert.throws(() => ff1Encrypt(key, 1, new Uint8Array(), [0, 0, 0, 0, 0, 0]), IdNumberArgumentError);
  });
});
