// PEM (RFC 7468) ↔ DER, and reading files that hold certificates or CRLs in either form.
import { PkiDecodeError } from './errors.ts';

export function toPem(der: Uint8Array, label: string): string {
  const b64 = Buffer.from(der).toString('base64').replace(/.{1,64}/g, '$&\n');
  return `-----BEGIN ${label}-----\n${b64}-----END ${label}-----\n`;
}

/** Every PEM block with `label` (any label when omitted), as DER. */
export function fromPem(text: string, label?: string): Uint8Array[] {
  const out: Uint8Array[] = [];
  const re = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (label && m[1] !== label) continue;
    out.push(Buffer.from(m[2]!.replace(/\s+/g, ''), 'base64'));
  }
  return out;
}

/** DER objects of a file that is PEM (one or more blocks) or a single DER object. */
export function derObjects(bytes: Uint8Array, label?: string): Uint8Array[] {
  const head = Buffer.from(bytes.subarray(0, 64)).toString('latin1');
  if (head.includes('-----BEGIN')) {
    const list = fromPem(Buffer.from(bytes).toString('latin1'), label);
    if (list.length === 0) throw new PkiDecodeError(`no PEM block${label ? ` ${label}` : ''} found`);
    return list;
  }
  if (bytes[0] !== 0x30) throw new PkiDecodeError('neither PEM nor a DER SEQUENCE');
  return [bytes];
}
