// Passive authentications per second on one core (9303-11 §5.1: SOD parse, signature, chain
// verdict from cache, DG1/DG2(15 kB)/DG13/DG14/DG15 hashes) beside the raw node:crypto
// signature verifications per second on the same key and algorithm, and beside the floor no
// implementation can beat (that verification plus hashing every DG and the eContent with node's
// fastest hash call), all measured interleaved in the same run. A last line repeats ours and the
// floor for a SOD without DG2, to show what hashing the 15 kB face image costs.
// Then the same against the full German CSCA master list (~0.9 MB, ~590 CSCAs): the time to load
// the list into a trust store (parse, the list's own signature, every certificate; cold: the
// per-certificate cache emptied first), and passive authentications per second with that store
// built once, beside raw verification in the same run.
// Run: npm run bench:pa   (BENCH_ROUNDS=5 for a quicker, noisier figure)
import { generateKeyPairSync, verify, constants, type KeyObject } from 'node:crypto';
import {
  SECURITY_INFO_OID,
  TrustStore,
  createCscaCertificate,
  createDocumentSignerCertificate,
  decodeSod,
  dg13FieldsFromPerson,
  encodeDg1,
  encodeDg13,
  encodeDg14,
  encodeDg15,
  encodeDg2,
  encodeSod,
  passiveAuthentication,
  vietnamTd1,
} from '../packages/emrtd/src/index.ts';
import { digestOf } from '../packages/emrtd/src/cms/oids.ts';
import { syntheticJpeg } from '../packages/emrtd/src/lds/synthetic-jpeg.ts';

import { interleavedRates } from './lib/rates.ts';
import { readFileSync } from 'node:fs';
import { clearCertificateInfoCache } from '../packages/emrtd/src/pa/certificate-info.ts';

const person = {
  idNumber: '001090001234', fullName: 'Nguyễn Văn A', birthDate: '1990-01-01', sex: 'male' as const, nationality: 'Việt Nam', ethnicity: 'Kinh',
  religion: 'Không', nativePlace: 'Hà Nội', residence: 'Số 1 Tràng Tiền, Hoàn Kiếm, Hà Nội', identifyingMarks: 'Nốt ruồi', issueDate: '2021-06-15',
  expiryDate: '2030-01-01', fatherName: 'Nguyễn Văn B', motherName: 'Trần Thị C',
};
const dataGroups = new Map<number, Uint8Array>([
  [1, encodeDg1(vietnamTd1(person))],
  [2, encodeDg2({ data: syntheticJpeg(480, 640, 15000) })],
  [13, encodeDg13(dg13FieldsFromPerson(person))],
  [14, encodeDg14([{ kind: 'ChipAuthenticationInfo', protocol: SECURITY_INFO_OID.CA_ECDH_AES_CBC_CMAC_128, version: 1 }])],
  [15, encodeDg15(generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey)],
]);

const cases: { name: string; gen: () => { privateKey: KeyObject; publicKey: KeyObject }; raw: (k: KeyObject, d: Uint8Array, s: Uint8Array) => boolean }[] = [
  { name: 'ECDSA P-256 / SHA-256', gen: () => generateKeyPairSync('ec', { namedCurve: 'prime256v1' }), raw: (k, d, s) => verify('sha256', d, k, s) },
  { name: 'RSA-2048 PKCS#1 v1.5 / SHA-256', gen: () => generateKeyPairSync('rsa', { modulusLength: 2048 }), raw: (k, d, s) => verify('sha256', d, { key: k, padding: constants.RSA_PKCS1_PADDING }, s) },
];

const withoutDg2 = new Map([...dataGroups].filter(([n]) => n !== 2));
const rounds = Number(process.env.BENCH_ROUNDS ?? 15);
const pct = (a: number, b: number) => `${((a / b) * 100).toFixed(1)} %`;
const rate = (x: number) => `${x.toFixed(0).padStart(7)}/s`;

console.log(`passive authentication, one core, interleaved 200 ms slices, median of ${rounds} rounds; SOD over DG1, DG2 (${dataGroups.get(2)!.length} B), DG13, DG14, DG15`);
for (const c of cases) {
  const csca = c.gen();
  const ds = c.gen();
  const cscaCert = createCscaCertificate({ subject: { country: 'VN', commonName: 'bench CSCA' }, publicKey: csca.publicKey, privateKey: csca.privateKey });
  const dsCert = createDocumentSignerCertificate({ subject: { country: 'VN', commonName: 'bench DS' }, publicKey: ds.publicKey, issuerCertificate: cscaCert, issuerKey: csca.privateKey });
  const trust = new TrustStore().addCertificates(cscaCert);
  const variant = (dgs: Map<number, Uint8Array>) => {
    const sod = encodeSod({ dataGroups: dgs, dsCertificate: dsCert, dsKey: ds.privateKey });
    const first = passiveAuthentication(sod, { trust, dataGroups: dgs });
    if (!first.valid) throw new Error(`benchmark SOD does not verify: ${JSON.stringify(first.errors)}`);
    const sd = decodeSod(sod).signedData;
    const si = sd.signerInfos[0]!;
    if (!c.raw(ds.publicKey, si.signedAttrsDer!, si.signature)) throw new Error('raw verify failed');
    const files = [...dgs.values()];
    return {
      raw: () => c.raw(ds.publicKey, si.signedAttrsDer!, si.signature),
      // The work no implementation can skip: the verification plus hashing every DG and the eContent.
      floor: () => {
        c.raw(ds.publicKey, si.signedAttrsDer!, si.signature);
        digestOf('sha256', sd.eContent);
        for (const b of files) digestOf('sha256', b);
      },
      pa: () => passiveAuthentication(sod, { trust, dataGroups: dgs }),
    };
  };
  const full = variant(dataGroups);
  const small = variant(withoutDg2);
  const [raw, floor, pa, floorSmall, paSmall] = interleavedRates({
    raw: full.raw,
    floor: full.floor,
    pa: full.pa,
    floorSmall: small.floor,
    paSmall: small.pa,
  }).map((r) => r.perSecond) as [number, number, number, number, number];
  console.log(`${c.name}`);
  console.log(`  raw crypto.verify                        ${rate(raw)}`);
  console.log(`  floor: verify + SHA-256 of DGs, eContent ${rate(floor)}  (${pct(floor, raw)} of raw)`);
  console.log(`  passive authentication (ours)            ${rate(pa)}  (${pct(pa, raw)} of raw, ${pct(pa, floor)} of floor)`);
  console.log(`  ours, SOD without DG2 (DG1,13,14,15)     ${rate(paSmall)}  (${pct(paSmall, raw)} of raw, ${pct(paSmall, floorSmall)} of its floor ${floorSmall.toFixed(0)}/s)`);
}

// --- against the German master list ------------------------------------------------------------
const mlBytes = readFileSync(new URL('../packages/emrtd/src/pki/fixtures/masterlists/DE_ML_2026-05-28.ml', import.meta.url));
const loads: number[] = [];
let store = new TrustStore();
for (let i = 0; i < Math.max(5, Math.min(rounds, 15)); i++) {
  clearCertificateInfoCache();
  const t0 = performance.now();
  store = new TrustStore().addMasterList(mlBytes);
  loads.push(performance.now() - t0);
}
loads.sort((a, b) => a - b);
const cscaCount = store.cscas.length;
console.log(`German CSCA master list (${(mlBytes.length / 1e6).toFixed(2)} MB, ${cscaCount} CSCAs): load into a trust store, cold, median of ${loads.length}: ${loads[loads.length >> 1]!.toFixed(1)} ms (min ${loads[0]!.toFixed(1)}, max ${loads.at(-1)!.toFixed(1)})`);
{
  const csca = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const ds = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const cscaCert = createCscaCertificate({ subject: { country: 'VN', commonName: 'bench CSCA' }, publicKey: csca.publicKey, privateKey: csca.privateKey });
  const dsCert = createDocumentSignerCertificate({ subject: { country: 'VN', commonName: 'bench DS' }, publicKey: ds.publicKey, issuerCertificate: cscaCert, issuerKey: csca.privateKey });
  // Built once: the German list plus the issuing state's CSCA, as a border post's store would be.
  store.addCertificates(cscaCert);
  const variant = (dgs: Map<number, Uint8Array>) => {
    const sod = encodeSod({ dataGroups: dgs, dsCertificate: dsCert, dsKey: ds.privateKey });
    const first = passiveAuthentication(sod, { trust: store, dataGroups: dgs });
    if (!first.valid) throw new Error(`benchmark SOD does not verify: ${JSON.stringify(first.errors)}`);
    const sd = decodeSod(sod).signedData;
    const si = sd.signerInfos[0]!;
    const files = [...dgs.values()];
    return {
      raw: () => verify('sha256', si.signedAttrsDer!, ds.publicKey, si.signature),
      floor: () => {
        verify('sha256', si.signedAttrsDer!, ds.publicKey, si.signature);
        digestOf('sha256', sd.eContent);
        for (const b of files) digestOf('sha256', b);
      },
      pa: () => passiveAuthentication(sod, { trust: store, dataGroups: dgs }),
    };
  };
  const full = variant(dataGroups);
  const small = variant(withoutDg2);
  const [raw, floor, pa, floorSmall, paSmall] = interleavedRates({ raw: full.raw, floor: full.floor, pa: full.pa, floorSmall: small.floor, paSmall: small.pa }).map((r) => r.perSecond) as [number, number, number, number, number];
  console.log(`ECDSA P-256 Document Signer, trust store built once = German master list + the issuer's CSCA (${store.cscas.length} CSCAs), one core`);
  console.log(`  raw crypto.verify                        ${rate(raw)}`);
  console.log(`  floor: verify + SHA-256 of DGs, eContent ${rate(floor)}  (${pct(floor, raw)} of raw)`);
  console.log(`  passive authentication (ours)            ${rate(pa)}  (${pct(pa, raw)} of raw, ${pct(pa, floor)} of floor; target ≥ 70 % of raw)`);
  console.log(`  ours, SOD without DG2 (DG1,13,14,15)     ${rate(paSmall)}  (${pct(paSmall, raw)} of raw, ${pct(paSmall, floorSmall)} of its floor ${floorSmall.toFixed(0)}/s)`);
}
