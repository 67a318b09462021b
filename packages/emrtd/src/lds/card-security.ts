// EF.CardSecurity, 9303-11 §9.2.1.1 / 9303-10 §3.11.2: CMS SignedData (RFC 5652) with eContentType
// id-SecurityObject (0.4.0.127.0.7.3.2.1) over SecurityInfos — the PACEInfos and the Chip
// Authentication public key — signed by the Document Signer. A PACE-CAM terminal takes the chip's
// static key from here (9303-11 §4.4.3.5.2). Stored bare in the MF (file 011D), no outer tag.
import type { KeyObject } from 'node:crypto';
import { EmrtdError } from '../errors.ts';
import { signCms, signCmsWith } from '../cms/sign.ts';
import type { Signer } from '../cms/signer.ts';
import { parseSignedData, type ParsedSignedData } from '../cms/signed-data.ts';
import type { HashName } from '../cms/oids.ts';
import { LdsDecodeError } from './errors.ts';
import { decodeSecurityInfos, encodeSecurityInfos, type SecurityInfo } from './security-infos.ts';

export const OID_SECURITY_OBJECT = '0.4.0.127.0.7.3.2.1';

export interface CardSecurity {
  signedData: ParsedSignedData;
  securityInfos: SecurityInfo[];
}

export function decodeCardSecurity(bytes: Uint8Array): CardSecurity {
  try {
    const signedData = parseSignedData(bytes, 'EF.CardSecurity');
    if (signedData.eContentType !== OID_SECURITY_OBJECT) throw new LdsDecodeError('CardSecurity', `eContentType ${signedData.eContentType} is not id-SecurityObject`);
    return { signedData, securityInfos: decodeSecurityInfos(signedData.eContent, 'CardSecurity') };
  } catch (err) {
    if (err instanceof LdsDecodeError || !(err instanceof EmrtdError)) throw err;
    throw new LdsDecodeError('CardSecurity', err.message, { cause: err });
  }
}

interface CardSecurityOptions {
  securityInfos: readonly SecurityInfo[];
  dsCertificate: Uint8Array;
  digest?: HashName;
}

const cms = (o: CardSecurityOptions) => ({ eContentType: OID_SECURITY_OBJECT, eContent: encodeSecurityInfos(o.securityInfos), signerCertificate: o.dsCertificate, digest: o.digest ?? 'sha256' });

export function encodeCardSecurity(o: CardSecurityOptions & { dsKey: KeyObject }): Uint8Array {
  return signCms({ ...cms(o), signerKey: o.dsKey });
}

export async function encodeCardSecurityWith(o: CardSecurityOptions & { dsSigner: Signer }): Promise<Uint8Array> {
  return signCmsWith({ ...cms(o), signer: o.dsSigner });
}
