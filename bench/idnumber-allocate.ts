// Throughput of ID number allocation (packages/idnumber), against the limit measured in the
// same run: one FF1 evaluation on 6 digits is 10 AES blocks, so allocations/s can never exceed
// (AES blocks/s) / 10 — bulk AES-ECB for the batch path, one-block calls for the single path.
//   node --import tsx bench/idnumber-allocate.ts [count]
// Prints one JSON object. Single core; the machine's other load shows in the limits too.
import { createCipheriv, randomBytes } from 'node:crypto';
import { createIdAllocator, type AllocationRequest } from '@cancuoc/idnumber';

const count = Number(process.argv[2] ?? 500_000);
const key = randomBytes(32);

function rate(n: number, run: () => void): number {
  const t0 = process.hrtime.bigint();
  run();
  return Math.round(n / (Number(process.hrtime.bigint() - t0) / 1e9));
}

const ecb = createCipheriv('aes-256-ecb', key, null).setAutoPadding(false);
const bulk = Buffer.alloc(16 * 8192);
const bulkBlocksPerSecond = rate(8192 * 200, () => {
  for (let k = 0; k < 200; k++) ecb.update(bulk);
});
const one = Buffer.alloc(16);
const singleBlocksPerSecond = rate(count, () => {
  for (let k = 0; k < count; k++) ecb.update(one);
});

// A seeder-like mix: random province, sex and birth year per request, counters rising per prefix.
const provinces = ['001', '079', '031', '048', '092', '096', '038', '040'];
const next = new Map<string, number>();
const requests: AllocationRequest[] = Array.from({ length: count }, (_, k) => {
  const provinceCode = provinces[k % provinces.length]!;
  const sex = (k >> 3) % 2 ? ('female' as const) : ('male' as const);
  const birthYear = 1930 + ((k * 7) % 95);
  const p = `${provinceCode}${sex}${birthYear}`;
  const counter = next.get(p) ?? 0;
  next.set(p, counter + 1);
  return { provinceCode, sex, birthYear, counter };
});

const allocator = createIdAllocator(key);
const single = rate(count, () => {
  for (const r of requests) allocator.allocate(r);
});
const batch = rate(count, () => {
  for (let k = 0; k < count; k += 10_000) allocator.allocateMany(requests.slice(k, k + 10_000));
});
// The register's and seeder's pattern: reserve a block of counters in one prefix, allocate it.
const range = rate(count, () => {
  for (let k = 0; k < count; k += 10_000) allocator.allocateRange('079303', k % 990_000, 10_000);
});

process.stdout.write(
  `${JSON.stringify(
    {
      count,
      node: process.version,
      aes256: { bulkBlocksPerSecond, singleBlocksPerSecond },
      allocationsPerSecond: {
        single: single,
        singleLimit: Math.round(singleBlocksPerSecond / 10),
        batch: batch,
        range: range,
        batchLimit: Math.round(bulkBlocksPerSecond / 10),
      },
    },
    null,
    2,
  )}\n`,
);
