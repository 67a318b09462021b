// ICAO PKD download files (9303-12 §9; the PKD's LDIF collections): `icaopkd-001-…` holds Document
// Signer certificates (`userCertificate;binary`, entries under o=dsc) and CRLs
// (`certificateRevocationList;binary`, o=crl); `icaopkd-002-…` holds CSCA master lists
// (`pkdMasterListContent`, o=ml). Some collections also carry CSCA certificates
// (`cACertificate;binary`). Objects are read as they stream by and deduplicated by their bytes.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { ldifValues, readLdif } from './ldif.ts';

export interface PkdContents {
  masterLists: Uint8Array[];
  documentSigners: Uint8Array[];
  crls: Uint8Array[];
  cscas: Uint8Array[];
  /** Records deleted by a delta file (their DNs), and how many records were read. */
  deleted: string[];
  records: number;
  /** Objects seen more than once (the second and later copies are dropped). */
  duplicates: number;
}

const ATTRS = [
  ['pkdMasterListContent', 'masterLists'],
  ['userCertificate', 'documentSigners'],
  ['certificateRevocationList', 'crls'],
  ['cACertificate', 'cscas'],
] as const;

/** Reads an LDIF download (a path, or a stream of chunks) into its deduplicated objects. */
export async function readPkdLdif(source: string | AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>): Promise<PkdContents> {
  const out: PkdContents = { masterLists: [], documentSigners: [], crls: [], cscas: [], deleted: [], records: 0, duplicates: 0 };
  const seen = new Set<string>();
  const stream = typeof source === 'string' ? createReadStream(source, { highWaterMark: 1 << 20 }) : source;
  for await (const r of readLdif(stream)) {
    out.records++;
    if (r.changetype === 'delete') {
      out.deleted.push(r.dn);
      continue;
    }
    for (const [attr, kind] of ATTRS) {
      for (const v of ldifValues(r, attr)) {
        if (typeof v === 'string') continue; // a binary object is always base64 (`::`)
        const key = createHash('sha256').update(v).digest('hex');
        if (seen.has(key)) {
          out.duplicates++;
          continue;
        }
        seen.add(key);
        out[kind].push(v);
      }
    }
  }
  return out;
}
