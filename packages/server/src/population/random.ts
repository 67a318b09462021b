// Deterministic randomness for the synthetic population: the same seed gives the same people on
// every machine and every Node version (Math.random() can do neither). sfc32 (Chris Doty-Humphrey's
// "Small Fast Counting" generator, PractRand-clean) needs only 32-bit integer arithmetic, which
// keeps the per-person cost of the generator low.

export class Random {
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  constructor(seed: number) {
    // Seeding as sfc32's reference does: a fixed pattern mixed by discarding the first outputs.
    this.#a = 0x9e3779b9;
    this.#b = 0x243f6a88;
    this.#c = 0xb7e15162;
    this.#d = seed >>> 0;
    const hi = Math.floor(seed / 2 ** 32) >>> 0;
    this.#a ^= hi;
    for (let i = 0; i < 15; i++) this.uint32();
  }

  /** A uniformly distributed 32-bit unsigned integer. */
  uint32(): number {
    const t = (((this.#a + this.#b) | 0) + this.#d) | 0;
    this.#d = (this.#d + 1) | 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) | 0;
    this.#c = (this.#c << 21) | (this.#c >>> 11);
    this.#c = (this.#c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** Uniform integer in [min, max] (inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** An independent generator derived from this one (for per-stream determinism). */
  fork(): Random {
    return new Random(this.uint32() * 4096 + (this.uint32() & 0xfff));
  }
}

/**
 * Sampling from a fixed discrete distribution in O(1) per draw (Walker's alias method, Vose's
 * construction): the generator draws several weighted values per person, tens of millions of
 * times, so a binary search over cumulative weights would be measurable.
 */
export class WeightedPicker<T> {
  readonly items: readonly T[];
  readonly #prob: Float64Array;
  readonly #alias: Uint32Array;

  constructor(entries: readonly (readonly [T, number])[]) {
    const n = entries.length;
    if (n === 0) throw new RangeError('WeightedPicker needs at least one entry');
    const total = entries.reduce((s, [, w]) => s + w, 0);
    if (!(total > 0)) throw new RangeError('WeightedPicker needs a positive total weight');
    this.items = entries.map(([v]) => v);
    this.#prob = new Float64Array(n);
    this.#alias = new Uint32Array(n);
    const scaled = entries.map(([, w]) => (w * n) / total);
    const small: number[] = [];
    const large: number[] = [];
    scaled.forEach((p, i) => (p < 1 ? small : large).push(i));
    while (small.length > 0 && large.length > 0) {
      const s = small.pop()!;
      const l = large.pop()!;
      this.#prob[s] = scaled[s]!;
      this.#alias[s] = l;
      scaled[l] = scaled[l]! + scaled[s]! - 1;
      (scaled[l]! < 1 ? small : large).push(l);
    }
    for (const i of [...small, ...large]) this.#prob[i] = 1;
  }

  /** Index of a weighted draw. */
  index(rng: Random): number {
    const u = rng.next() * this.items.length;
    const i = Math.floor(u);
    return u - i < this.#prob[i]! ? i : this.#alias[i]!;
  }

  pick(rng: Random): T {
    return this.items[this.index(rng)]!;
  }
}
