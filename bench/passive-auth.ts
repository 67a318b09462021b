// Passive authentications per second on one core (9303-11 §5.1: SOD parse, signature, chain
// verdict from cache, DG1/DG2(15 kB)/DG13/DG14/DG15 hashes) beside the raw node:crypto
// signature verifications per second on the same key and algorithm, measured in the same run.
// Run: npm run bench:pa
import { createHash, generateKeyPairSync, verify, constants, type KeyObject } from 'node:crypto';
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
import { syntheticJpeg } from '../packages/emrtd/src/lds/synthetic-jpeg.ts';

import { interleavedRates } from './lib/rates.ts';

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

console.log(`passive authentication, one core, interleaved 200 ms slices, median of 15 rounds; SOD over DG1, DG2 (${dataGroups.get(2)!.length} B), DG13, DG14, DG15`);
for (const c of cases) {
  const csca = c.gen();
  const ds = c.gen();
  const cscaCert = createCscaCertificate({ subject: { country: 'VN', commonName: 'bench CSCA' }, publicKey: csca.publicKey, privateKey: csca.privateKey });
  const dsCert = createDocumentSignerCertificate({ subject: { country: 'VN', commonName: 'bench DS' }, publicKey: ds.publicKey, issuerCertificate: cscaCert, issuerKey: csca.privateKey });
  const sod = encodeSod({ dataGroups, dsCertificate: dsCert, dsKey: ds.privateKey });
  const trust = new TrustStore().addCertificates(cscaCert);
  const first = passiveAuthentication(sod, { trust, dataGroups });
  if (!first.valid) throw new Error(`benchmark SOD does not verify: ${JSON.stringify(first.errors)}`);
  const si = decodeSod(sod).signedData.signerInfos[0]!;
  if (!c.raw(ds.publicKey, si.signedAttrsDer!, si.signature)) throw new Error('raw verify failed');
  // The work no implementation can skip: the verification plus hashing every DG and the eContent.
  const eContent = decodeSod(sod).signedData.eContent;
  const [raw, floor, pa] = interleavedRates({
    raw: () => c.raw(ds.publicKey, si.signedAttrsDer!, si.signature),
    floor: () => {
      c.raw(ds.publicKey, si.signedAttrsDer!, si.signature);
      createHash('sha256').update(eContent).digest();
      for (const b of dataGroups.values()) createHash('sha256').update(b).digest();
    },
    pa: () => passiveAuthentication(sod, { trust, dataGroups }),
  }).map((r) => r.perSecond) as [number, number, number];
  console.log(`${c.name}`);
  console.log(`  raw crypto.verify                  ${raw.toFixed(0).padStart(7)}/s`);
  console.log(`  verify + SHA-256 of DGs + eContent ${floor.toFixed(0).padStart(7)}/s  (${((floor / raw) * 100).toFixed(1)} % of raw)`);
  console.log(`  passive authentication (ours)      ${pa.toFixed(0).padStart(7)}/s  (${((pa / raw) * 100).toFixed(1)} % of raw, ${((pa / floor) * 100).toFixed(1)} % of verify+hashes)`);
}
