/**
 * A sample person, photo and throw-away PKI, for tests, benchmarks and trying the package out
 * (`cancuoc chip personalize` examples). Never for real cards.
 */
import { generateKeyPairSync } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { createCscaCertificate, createDocumentSignerCertificate } from '../pki/certificate.ts';
import { testPortrait } from './tiny-jpeg.ts';

export const SAMPLE_PERSON = {
  idNumber: '001089012345',
  fullName: 'Nguyễn Văn An',
  birthDate: '1989-07-15',
  sex: 'male',
  nationality: 'Việt Nam',
  ethnicity: 'Kinh',
  religion: 'Không',
  nativePlace: 'Xã Đông Anh, Hà Nội',
  residence: 'Số 1 Tràng Tiền, Hoàn Kiếm, Hà Nội',
  identifyingMarks: 'Nốt ruồi cách 2 cm trên mép trái',
  issueDate: '2021-03-01',
  expiryDate: '2029-07-15',
  fatherName: 'Nguyễn Văn Bình',
  motherName: 'Trần Thị Cúc',
  spouseName: null,
  oldIdNumber: '012345678',
} as const;

export const samplePhoto = testPortrait;

export interface SamplePki {
  cscaCert: Uint8Array;
  cscaKey: KeyObject;
  dsCert: Uint8Array;
  dsKey: KeyObject;
}

/** A CSCA and one Document Signer (serial 0x42) on `curve`, or RSA-2048 when curve is 'rsa'. */
export function samplePki(curve = 'prime256v1'): SamplePki {
  const gen = () => (curve === 'rsa' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ec', { namedCurve: curve }));
  const csca = gen();
  const cscaCert = createCscaCertificate({ subject: { country: 'VN', commonName: 'Sample CSCA' }, publicKey: csca.publicKey, privateKey: csca.privateKey });
  const ds = gen();
  const dsCert = createDocumentSignerCertificate({ subject: { country: 'VN', commonName: 'Sample Document Signer' }, publicKey: ds.publicKey, issuerCertificate: cscaCert, issuerKey: csca.privateKey, serialNumber: Uint8Array.of(0x42) });
  return { cscaCert, cscaKey: csca.privateKey, dsCert, dsKey: ds.privateKey };
}
