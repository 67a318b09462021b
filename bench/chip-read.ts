// A full read of a Vietnamese card with a 15 kB DG2 through the virtual chip, in milliseconds
// (median of N): BAC and PACE, files only and with Chip Authentication + passive authentication.
// Beside it, measured in the same run, the floor set by the cryptography alone: 3DES/AES
// encryption, decryption and MACs over the same bytes in the same chunks (both ends of secure
// messaging), plus the public-key operations (key agreement, signature verification).
// Run: npm run bench:chip-read
import { createCipheriv, createDecipheriv, createECDH, generateKeyPairSync, sign, verify } from 'node:crypto';
import { personalizeCard } from '../packages/emrtd/src/personalize/personalize.ts';
import { SAMPLE_PERSON, samplePki } from '../packages/emrtd/src/personalize/sample.ts';
import { createVirtualChip } from '../packages/emrtd/src/chip/from-card.ts';
import { readCard, trustStoreOf } from '../packages/emrtd/src/reader/verify-card.ts';
import { readCardFiles } from '../packages/emrtd/src/reader/read-card.ts';
import { aesCmac } from '../packages/emrtd/src/crypto/aes.ts';
import { retailMac } from '../packages/emrtd/src/crypto/des.ts';
import { pad } from '../packages/emrtd/src/crypto/padding.ts';
import { syntheticJpeg } from '../packages/emrtd/src/lds/synthetic-jpeg.ts';

const N = Number(process.env.N ?? 30);
const pki = samplePki('prime256v1');
const photo = syntheticJpeg(480, 640, 15000);
const mk = (pace: boolean) => personalizeCard({ person: SAMPLE_PERSON, photo, pki: { dsCert: pki.dsCert, dsKey: pki.dsKey }, options: { pace } });
const bacCard = mk(false);
const paceCard = mk(true);
const trust = trustStoreOf({ cscas: [pki.cscaCert] });
const mrzOf = (c: typeof bacCard) => c.mrz.join('\n');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function timeIt(f: () => Promise<unknown> | unknown): Promise<number> {
  for (let i = 0; i < 3; i++) await f();
  const ts: number[] = [];
  for (let i = 0; i < N; i++) {
    const t0 = performance.now();
    await f();
    ts.push(performance.now() - t0);
  }
  return median(ts);
}

const totalBytes = Object.values(bacCard.files).reduce((n, b) => n + b.length, 0);
const dg2Bytes = bacCard.files.DG2.length;

// The SM floor: for every 223-byte chunk the chip encrypts + MACs and the reader MACs + decrypts
// (and each command is MAC'ed twice) — the same bytes, straight through node:crypto.
function smFloor(alg: '3DES' | 'AES-128'): () => void {
  const key = new Uint8Array(16).fill(7);
  const chunks: Uint8Array[] = [];
  for (const b of Object.values(bacCard.files)) for (let o = 0; o < b.length; o += 223) chunks.push(pad(b.subarray(o, o + 223), alg === '3DES' ? 8 : 16));
  const cipher = alg === '3DES' ? 'des-ede-cbc' : 'aes-128-cbc';
  const iv = new Uint8Array(alg === '3DES' ? 8 : 16);
  const mac = alg === '3DES' ? (d: Uint8Array) => retailMac(key, d, true) : (d: Uint8Array) => aesCmac(key, d);
  const header = pad(new Uint8Array(20), alg === '3DES' ? 8 : 16);
  return () => {
    for (const c of chunks) {
      const e = createCipheriv(cipher, key, iv).setAutoPadding(false);
      const enc = Buffer.concat([e.update(c), e.final()]);
      mac(enc);
      mac(enc);
      const d = createDecipheriv(cipher, key, iv).setAutoPadding(false);
      Buffer.concat([d.update(enc), d.final()]);
      mac(header);
      mac(header);
    }
  };
}

// Public-key floor of one verified read: ECDH for CA on brainpoolP256r1 (both ends), the SOD
// signature (P-256), the DS certificate signature (chain, cached per DS by PA).
const ecdhA = createECDH('brainpoolP256r1');
const ecdhB = createECDH('brainpoolP256r1');
ecdhA.generateKeys();
ecdhB.generateKeys();
const ds = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const sig = sign('sha256', Buffer.from('x'), ds.privateKey);
const pkFloor = () => {
  ecdhA.computeSecret(ecdhB.getPublicKey());
  ecdhB.computeSecret(ecdhA.getPublicKey());
  verify('sha256', Buffer.from('x'), ds.publicKey, sig);
};

const rows: Array<[string, number]> = [];
rows.push(['BAC read, files only (no CA, no PA)', await timeIt(() => readCardFiles(createVirtualChip({ files: bacCard.files, chipKeys: {} }), { mrz: mrzOf(bacCard) }))]);
rows.push(['BAC read + Chip Authentication + passive authentication', await timeIt(() => readCard(createVirtualChip(bacCard), { mrz: mrzOf(bacCard), trust }))]);
rows.push(['PACE read + Chip Authentication + passive authentication', await timeIt(() => readCard(createVirtualChip(paceCard), { mrz: mrzOf(paceCard), trust }))]);
rows.push(['  floor: 3DES SM crypto over the same bytes (chip + reader)', await timeIt(smFloor('3DES'))]);
rows.push(['  floor: AES-128 SM crypto over the same bytes (chip + reader)', await timeIt(smFloor('AES-128'))]);
rows.push(['  floor: CA ECDH ×2 (brainpoolP256r1) + one ECDSA P-256 verify', await timeIt(pkFloor)]);

console.log(`card: ${totalBytes} bytes in 8 files (DG2 ${dg2Bytes} bytes), chunks of 223 bytes, median of ${N} on one core`);
for (const [name, ms] of rows) console.log(`${name.padEnd(66)} ${ms.toFixed(2).padStart(8)} ms`);
