// Operations per second of several functions, measured INTERLEAVED: short slices of each in turn,
// many rounds, median per function. On a shared 2-core machine the load changes from second to
// second; timing "ours" and "the limit" at different moments would put that noise into the
// ratio, interleaving puts it into both figures alike.
export interface RateResult { name: string; perSecond: number }

export function interleavedRates(fns: Record<string, () => void>, options: { rounds?: number; sliceMs?: number } = {}): RateResult[] {
  const rounds = options.rounds ?? Number(process.env.BENCH_ROUNDS ?? 15);
  const sliceMs = options.sliceMs ?? Number(process.env.BENCH_SLICE_MS ?? 200);
  const names = Object.keys(fns);
  const samples = new Map<string, number[]>(names.map((n) => [n, []]));
  for (const n of names) for (let i = 0; i < 100; i++) fns[n]!(); // warm-up: JIT, caches
  for (let r = 0; r < rounds; r++) {
    for (const n of names) {
      const f = fns[n]!;
      let ops = 0;
      const t0 = performance.now();
      let t = t0;
      while (t - t0 < sliceMs) {
        for (let i = 0; i < 10; i++) f();
        ops += 10;
        t = performance.now();
      }
      samples.get(n)!.push(ops / ((t - t0) / 1000));
    }
  }
  return names.map((name) => {
    const s = samples.get(name)!.sort((a, b) => a - b);
    return { name, perSecond: s[Math.floor(s.length / 2)]! };
  });
}

/**
 * The same for asynchronous operations: each call is awaited before the next, and returns how
 * many operations it completed (a call that runs four signatures side by side returns 4).
 */
export async function interleavedRatesAsync(fns: Record<string, () => Promise<number>>, options: { rounds?: number; sliceMs?: number; warmup?: number } = {}): Promise<RateResult[]> {
  const rounds = options.rounds ?? Number(process.env.BENCH_ROUNDS ?? 15);
  const sliceMs = options.sliceMs ?? Number(process.env.BENCH_SLICE_MS ?? 200);
  const names = Object.keys(fns);
  const samples = new Map<string, number[]>(names.map((n) => [n, []]));
  for (const n of names) for (let i = 0; i < (options.warmup ?? 10); i++) await fns[n]!();
  for (let r = 0; r < rounds; r++) {
    for (const n of names) {
      const f = fns[n]!;
      let ops = 0;
      const t0 = performance.now();
      let t = t0;
      while (t - t0 < sliceMs) {
        ops += await f();
        t = performance.now();
      }
      samples.get(n)!.push(ops / ((t - t0) / 1000));
    }
  }
  return names.map((name) => {
    const s = samples.get(name)!.sort((a, b) => a - b);
    return { name, perSecond: s[Math.floor(s.length / 2)]! };
  });
}
