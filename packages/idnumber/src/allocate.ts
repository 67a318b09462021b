// Allocation of personal identification numbers (DESIGN.md §6): the serial `RRRRRR` of the
// n-th number issued in a prefix `PPPGYY` is FF1(K, T = prefix, X = n as 6 digits), NIST SP
// 800-38G Rev. 1 §5.2, under the deployment's permanent allocation key K. FF1 is a keyed
// permutation of the 10^6 serials, one permutation per prefix (the tweak), so counters
// 0..999999 give 10^6 distinct serials with no retry and no lookup, and a serial says nothing
// of its counter (how many were issued before it, or in which order) to anyone without K.
// The counter itself lives in the database (one row per prefix, incremented in the transaction
// that registers the birth); this module is the pure function (key, prefix, counter) → number.
import { SIX_DIGIT_DOMAIN, SixDigitFf1 } from './ff1-six-digit.ts';
import { IdNumberCounterError, IdNumberPrefixExhaustedError } from './errors.ts';
import { parseIdNumberOrThrow } from './parse.ts';
import { formatPrefix, parsePrefix, type PrefixParts } from './prefix.ts';

/** Counters run from 0 to this value − 1 within one prefix. */
export const SERIALS_PER_PREFIX = SIX_DIGIT_DOMAIN;

export interface AllocationRequest extends PrefixParts {
  /** How many numbers this prefix had issued before this one: 0, 1, 2, … 999999. */
  readonly counter: number;
}

export interface IdAllocator {
  /** The ID number for this province, sex, birth year and counter. */
  allocate(request: AllocationRequest): string;
  /** The same, for a prefix given as its 6 digits `PPPGYY`. */
  allocateInPrefix(prefix: string, counter: number): string;
  /**
   * Many numbers at once; equal to calling allocate() for each request, about 20 times
   * faster (one AES call per FF1 round for the whole batch). For bulk loads and seeding.
   */
  allocateMany(requests: readonly AllocationRequest[]): string[];
  /**
   * The numbers of `count` consecutive counters from `firstCounter` in one prefix, as reserved
   * by one counter update (`next = next + count`); batch speed. Throws
   * IdNumberPrefixExhaustedError, allocating nothing, when the range passes counter 999999.
   */
  allocateRange(prefix: string, firstCounter: number, count: number): string[];
  /**
   * The counter that yields this number under this key (FF1 decryption). Every 12-digit number
   * has one, as the serials are a permutation: the number was issued by this deployment only if
   * that counter is below the prefix's stored counter. Throws on an invalid number.
   */
  counterOf(number: string): number;
}

/**
 * An allocator under one key: a 16-, 24- or 32-byte AES key (32 recommended), the deployment's
 * permanent secret (see docs/id-numbers.md). Reuse it: creating one costs 14 AES blocks.
 */
export function createIdAllocator(key: Uint8Array): IdAllocator {
  const ff1 = new SixDigitFf1(key);
  const tweakBlockOf = (prefix: string): Uint8Array => ff1.tweakBlock(asciiBytes(prefix));
  const numberOf = (prefix: string, serial: number): string => prefix + String(serial).padStart(6, '0');

  return Object.freeze({
    allocate(request: AllocationRequest): string {
      const prefix = formatPrefix(request);
      checkCounter(prefix, request.counter);
      return numberOf(prefix, ff1.encrypt(tweakBlockOf(prefix), request.counter));
    },
    allocateInPrefix(prefix: string, counter: number): string {
      parsePrefix(prefix);
      checkCounter(prefix, counter);
      return numberOf(prefix, ff1.encrypt(tweakBlockOf(prefix), counter));
    },
    allocateMany(requests: readonly AllocationRequest[]): string[] {
      const prefixes = requests.map((r) => formatPrefix(r));
      const counters = requests.map((r, k) => {
        checkCounter(prefixes[k]!, r.counter);
        return r.counter;
      });
      // Tweak blocks are shared between requests of the same prefix.
      const blocks = new Map<string, Uint8Array>();
      const tweakBlocks = prefixes.map((p) => blocks.get(p) ?? blocks.set(p, tweakBlockOf(p)).get(p)!);
      const serials = new Uint32Array(requests.length);
      ff1.encryptMany(tweakBlocks, counters, serials);
      return prefixes.map((p, k) => numberOf(p, serials[k]!));
    },
    allocateRange(prefix: string, firstCounter: number, count: number): string[] {
      parsePrefix(prefix);
      if (!Number.isInteger(count) || count < 0) throw new IdNumberCounterError(count);
      if (count === 0) return [];
      checkCounter(prefix, firstCounter);
      checkCounter(prefix, firstCounter + count - 1);
      const tb = tweakBlockOf(prefix);
      const counters = Array.from({ length: count }, (_, k) => firstCounter + k);
      const serials = new Uint32Array(count);
      ff1.encryptMany(new Array<Uint8Array>(count).fill(tb), counters, serials);
      return Array.from(serials, (s) => numberOf(prefix, s));
    },
    counterOf(number: string): number {
      const info = parseIdNumberOrThrow(number);
      return ff1.decrypt(tweakBlockOf(info.prefix), Number(info.serial));
    },
  });
}

// One-shot use keeps a few allocators, keyed by the key's bytes, so that a loop over
// allocateIdNumber() does not redo the key setup each call.
const ALLOCATORS = new Map<string, IdAllocator>();
const MAX_CACHED_KEYS = 4;

/**
 * The ID number for `counter` in the prefix of this province, sex and birth year, under `key`.
 * Pure: the same arguments always give the same number. Throws IdNumberPrefixExhaustedError
 * when counter ≥ 10^6, and the typed errors of formatPrefix for bad parts.
 */
export function allocateIdNumber(request: AllocationRequest & { readonly key: Uint8Array }): string {
  return allocatorFor(request.key).allocate(request);
}

function allocatorFor(key: Uint8Array): IdAllocator {
  const id = key instanceof Uint8Array ? Buffer.from(key.buffer, key.byteOffset, key.byteLength).toString('hex') : '';
  let a = ALLOCATORS.get(id);
  if (!a) {
    a = createIdAllocator(key);
    if (ALLOCATORS.size >= MAX_CACHED_KEYS) ALLOCATORS.delete(ALLOCATORS.keys().next().value!);
    ALLOCATORS.set(id, a);
  }
  return a;
}

function checkCounter(prefix: string, counter: number): void {
  if (!Number.isInteger(counter) || counter < 0) throw new IdNumberCounterError(counter);
  if (counter >= SERIALS_PER_PREFIX) throw new IdNumberPrefixExhaustedError(prefix, counter);
}

/** The tweak: the prefix's 6 digits as ASCII bytes. */
function asciiBytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let j = 0; j < s.length; j++) out[j] = s.charCodeAt(j);
  return out;
}
