// ICAO PKD LDIF downloads (RFC 2849), built here from the shared German and Dutch master lists and
// from a test PKI's CSCA, Document Signers and CRL: streamed in small chunks, folded lines, CRLF,
// comments, duplicates and a delta record; then used for passive authentication (chain, signer
// lookup, revocation), by the library and by `cancuoc chip verify --pkd`.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { encodeDg1 } from '../lds/dg1.ts';
import { encodeSod } from '../lds/sod.ts';
import { vietnamTd1 } from '../mrz/vietnam.ts';
import { TrustStore, passiveAuthentication } from '../pa/index.ts';
import { SAMPLE_PERSON, samplePki } from '../personalize/sample.ts';
import { createCrl } from './crl.ts';
import { createDocumentSignerCertificate } from './certificate.ts';
import { PkiDecodeError } from './errors.ts';
import { readLdif } from './ldif.ts';
import { parseMasterList } from './master-list.ts';
import { readPkdLdif } from './pkd.ts';

const ml = (f: string) => new Uint8Array(readFileSync(join(import.meta.dirname, 'fixtures', 'masterlists', f)));
const DE = ml('DE_ML_2026-05-28.ml');
const NL = ml('NL_ML_2026-07-22.ml');

/** One LDIF record; binary values base64 after `::`, lines folded at 76 columns (RFC 2849 §2). */
function entry(dn: string, attrs: [string, string | Uint8Array][], eol = '\n'): string {
  const fold = (line: string) => {
    const parts = [line.slice(0, 76)];
    for (let i = 76; i < line.length; i += 75) parts.push(' ' + line.slice(i, i + 75));
    return parts.join(eol);
  };
  const lines = [`dn: ${dn}`, ...attrs.map(([k, v]) => (typeof v === 'string' ? `${k}: ${v}` : `${k}:: ${Buffer.from(v).toString('base64')}`))];
  return lines.map(fold).join(eol) + eol + eol;
}

const mlEntry = (c: string, bytes: Uint8Array, eol?: string) =>
  entry(`cn=CN\\=CSCA-${c}\\,C\\=${c},o=ml,c=${c},dc=data,dc=download,dc=pkd,dc=icao,dc=int`, [['pkdVersion', '70'], ['sn', '1'], ['objectClass', 'pkdMasterList'], ['objectClass', 'pkdDownload'], ['pkdMasterListContent', bytes]], eol);

function chunks(text: string, size: number): Readable {
  const b = Buffer.from(text, 'utf8');
  const parts: Buffer[] = [];
  for (let i = 0; i < b.length; i += size) parts.push(b.subarray(i, i + size));
  return Readable.from(parts);
}

test('a master-list collection (002) streams in 997-byte chunks: both lists, the duplicate dropped, every CSCA trusted', async () => {
  const text = `version: 1\n# ICAO PKD collection 002, built for this test\n\n${mlEntry('DE', DE)}${mlEntry('NL', NL)}${mlEntry('DE', DE)}`;
  const c = await readPkdLdif(chunks(text, 997));
  assert.equal(c.records, 3);
  assert.equal(c.masterLists.length, 2);
  assert.equal(c.duplicates, 1);
  assert.deepEqual(c.masterLists[0], DE);
  const store = new TrustStore();
  const report = store.addPkd(c);
  assert.deepEqual({ ...report, rejected: report.rejected.length }, { masterLists: 2, cscas: 0, documentSigners: 0, crls: 0, rejected: 0 });
  const direct = new TrustStore().addMasterList(DE).addMasterList(NL);
  assert.equal(store.cscas.length, direct.cscas.length);
  assert.ok(store.cscas.length < parseMasterList(DE).certificates.length + parseMasterList(NL).certificates.length, 'CSCAs in both lists are kept once');
  // CRLF line ends read the same.
  const crlf = await readPkdLdif([`version: 1\r\n\r\n${mlEntry('NL', NL, '\r\n')}`]);
  assert.deepEqual(crlf.masterLists, [NL]);
});

test('a damaged master list in the collection is reported and skipped; the others are used', async () => {
  const bad = Uint8Array.from(NL);
  bad[bad.length >> 1]! ^= 0x10;
  const store = new TrustStore();
  const report = store.addPkd(await readPkdLdif([mlEntry('DE', DE), mlEntry('NL', bad)]));
  assert.equal(report.masterLists, 1);
  assert.equal(report.rejected.length, 1);
  assert.match(report.rejected[0]!.message, /^master list: /);
  assert.equal(store.cscas.length, new TrustStore().addMasterList(DE).cscas.length);
});

test('a DSC/CRL collection (001): SODs without their signer certificate verify through it, a revoked DS is found, a delta deletes', async () => {
  const p = samplePki();
  const ds2Key = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const ds2 = createDocumentSignerCertificate({ subject: { country: 'VN', commonName: 'Revoked DS' }, publicKey: ds2Key.publicKey, issuerCertificate: p.cscaCert, issuerKey: p.cscaKey, serialNumber: Uint8Array.of(0x77) });
  const crl = createCrl({ issuerCertificate: p.cscaCert, issuerKey: p.cscaKey, revoked: [{ serialNumber: '77' }] });
  const base = 'dc=data,dc=download,dc=pkd,dc=icao,dc=int';
  const text = [
    'version: 1\n\n',
    entry(`cn=CSCA,o=csca,c=VN,${base}`, [['objectClass', 'pkdDownload'], ['cACertificate;binary', p.cscaCert]]),
    entry(`cn=DS,o=dsc,c=VN,${base}`, [['objectClass', 'inetOrgPerson'], ['userCertificate;binary', p.dsCert], ['pkdVersion', '1150']]),
    entry(`cn=DS2,o=dsc,c=VN,${base}`, [['userCertificate;binary', ds2]]),
    entry(`cn=CRL,o=crl,c=VN,${base}`, [['objectClass', 'cRLDistributionPoint'], ['certificateRevocationList;binary', crl]]),
    entry(`cn=OLD,o=dsc,c=VN,${base}`, [['changetype', 'delete']]),
  ].join('');
  const c = await readPkdLdif(chunks(text, 64));
  assert.deepEqual([c.cscas.length, c.documentSigners.length, c.crls.length, c.deleted], [1, 2, 1, [`cn=OLD,o=dsc,c=VN,${base}`]]);
  const store = new TrustStore();
  assert.deepEqual(store.addPkd(c).rejected, []);
  const dataGroups = new Map([[1, encodeDg1(vietnamTd1(SAMPLE_PERSON))]]);
  const sod = encodeSod({ dataGroups, dsCertificate: p.dsCert, dsKey: p.dsKey, omitSignerCertificate: true });
  const r = passiveAuthentication(sod, { trust: store, dataGroups });
  assert.deepEqual(r.errors, []);
  assert.equal(r.valid, true);
  assert.deepEqual(passiveAuthentication(sod, { trust: new TrustStore().addCertificates(p.cscaCert), dataGroups }).errors.map((e) => e.code), ['ERR_PA_SIGNER_NOT_FOUND']);
  const revoked = encodeSod({ dataGroups, dsCertificate: ds2, dsKey: ds2Key.privateKey, omitSignerCertificate: true });
  assert.deepEqual(passiveAuthentication(revoked, { trust: store, dataGroups }).errors.map((e) => e.code), ['ERR_PA_REVOKED']);

  // The same through the command line.
  const dir = mkdtempSync(join(tmpdir(), 'pkd-'));
  writeFileSync(join(dir, 'icaopkd-001-test.ldif'), text);
  writeFileSync(join(dir, 'SOD'), sod);
  writeFileSync(join(dir, 'DG1'), dataGroups.get(1)!);
  const bin = fileURLToPath(new URL('../../../server/bin/cancuoc.js', import.meta.url));
  const out = spawnSync(process.execPath, [bin, 'chip', 'verify', '--sod', join(dir, 'SOD'), '--dg', `1=${join(dir, 'DG1')}`, '--pkd', join(dir, 'icaopkd-001-test.ldif')], { encoding: 'utf8' });
  assert.equal(out.status, 0, out.stderr);
  const json = JSON.parse(out.stdout) as { valid: boolean; pkd: { documentSigners: number; crls: number }[] };
  assert.equal(json.valid, true);
  assert.deepEqual([json.pkd[0]!.documentSigners, json.pkd[0]!.crls], [2, 1]);
  const missing = spawnSync(process.execPath, [bin, 'chip', 'verify', '--sod', join(dir, 'SOD'), '--pkd', join(dir, 'nope.ldif')], { encoding: 'utf8' });
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /PKD file .*ENOENT/);
});

test('malformed LDIF is refused with the line of the fault', async () => {
  const read = async (t: string) => {
    for await (const _ of readLdif([t])) void _;
  };
  await assert.rejects(read(' continued\n'), (e: unknown) => e instanceof PkiDecodeError && /line 1: a continuation/.test(e.message));
  await assert.rejects(read('dn: cn=x\nuserCertificate;binary:: ***\n'), (e: unknown) => e instanceof PkiDecodeError && /line 2: .*not base64/.test(e.message));
  await assert.rejects(read('cn: x\n'), /line 1: a record must start with dn:/);
  await assert.rejects(read('dn: cn=x\njpegPhoto:< file:///etc/passwd\n'), /not read/);
  await assert.rejects(read('version: 2\n'), /version 2/);
  await assert.rejects(read('dn: cn=x\nno colon here\n'), /line 2: expected/);
  const records = [];
  for await (const r of readLdif(['dn:: ', Buffer.from('cn=Việt Nam').toString('base64'), '\ncn: a\n b\n\n'])) records.push(r);
  assert.equal(records[0]!.dn, 'cn=Việt Nam');
  assert.deepEqual(records[0]!.attributes.get('cn'), ['ab']);
});
