// Trust anchors for passive authentication: CSCA certificates (PEM/DER files or ICAO master
// lists, several) and CRLs. What a chain verdict owes to the certificates and CRLs (which CSCA,
// its signature on the DS, revocation) is cached per Document Signer; the validity dates are
// judged on every call, to the millisecond.
import { EmrtdError } from '../errors.ts';
import { parseCrl, verifyCrlSignature, type ParsedCrl } from '../pki/crl.ts';
import { parseMasterList } from '../pki/master-list.ts';
import { derObjects } from '../pki/pem.ts';
import { certificateInfo, type CertificateInfo } from './certificate-info.ts';
import { PaInputError } from './errors.ts';

export interface ChainError {
  code: string;
  message: string;
}

export interface ChainVerdict {
  chainValid: boolean;
  csca: CertificateInfo | undefined;
  errors: ChainError[];
}

/** The date-free part of a DS's chain verdict, for the store's contents when it was computed. */
interface ChainBasis {
  cscaCount: number;
  crlCount: number;
  /** The verdict whatever the date: no CSCA issued the DS, or its signature does not verify. */
  final: ChainVerdict | undefined;
  csca: CertificateInfo | undefined;
  crlErrors: ChainError[];
  /** The verdict when the DS and the CSCA are both valid at the date: the usual case, shared. */
  inValidity: ChainVerdict | undefined;
}

const MAX_CACHED_CHAINS = 10000;

export class TrustStore {
  readonly cscas: CertificateInfo[] = [];
  readonly crls: ParsedCrl[] = [];
  #chains = new Map<string, ChainBasis>();

  /** Adds CSCA certificates from a PEM (one or more) or DER file's bytes. */
  addCertificates(bytes: Uint8Array): this {
    try {
      for (const d of derObjects(bytes, undefined)) this.#addCsca(d);
    } catch (err) {
      if (err instanceof EmrtdError && !(err instanceof PaInputError)) throw new PaInputError(`CSCA certificate: ${err.message}`, { cause: err });
      throw err;
    }
    return this;
  }

  /**
   * Adds every CSCA certificate of an ICAO master list (9303-12 §8). The list's own signature is
   * checked unless `requireValidSignature` is false.
   */
  addMasterList(bytes: Uint8Array, options: { requireValidSignature?: boolean } = {}): this {
    let ml;
    try {
      ml = parseMasterList(derObjects(bytes, 'CMS')[0]!);
    } catch (err) {
      if (err instanceof EmrtdError) throw new PaInputError(`master list: ${err.message}`, { cause: err });
      throw err;
    }
    if (options.requireValidSignature !== false && !ml.signatureValid) throw new PaInputError(`master list: ${ml.signatureError}`);
    for (const c of ml.certificates) {
      try {
        this.#addCsca(c);
      } catch {
        // Real master lists hold a few certificates OpenSSL rejects; the others stay usable.
      }
    }
    return this;
  }

  /** Adds a CRL (PEM or DER). Its signature is checked against the issuing CSCA when used. */
  addCrl(bytes: Uint8Array): this {
    try {
      for (const d of derObjects(bytes, 'X509 CRL')) this.crls.push(parseCrl(d));
    } catch (err) {
      if (err instanceof EmrtdError) throw new PaInputError(`CRL: ${err.message}`, { cause: err });
      throw err;
    }
    this.#chains.clear();
    return this;
  }

  #addCsca(d: Uint8Array): void {
    const info = certificateInfo(d);
    if (!this.cscas.some((c) => c.fingerprint === info.fingerprint)) this.cscas.push(info);
    this.#chains.clear();
  }

  /**
   * DS → CSCA (9303-11 §5.1 steps, 9303-12 §7.1): a trusted CSCA whose subject and key identifier
   * match the DS issuer and authority key identifier, whose key verifies the DS signature; both
   * valid at `at`; the DS not on a CSCA-signed CRL. Verdicts may be shared between calls: they
   * are frozen.
   */
  verifyChain(ds: CertificateInfo, at: Date): ChainVerdict {
    let b = this.#chains.get(ds.fingerprint);
    // The counts also catch certificates or CRLs pushed onto the public arrays directly.
    if (b === undefined || b.cscaCount !== this.cscas.length || b.crlCount !== this.crls.length) {
      b = this.#basis(ds);
      if (this.#chains.size >= MAX_CACHED_CHAINS) this.#chains.clear();
      this.#chains.set(ds.fingerprint, b);
    }
    if (b.final) return b.final;
    const csca = b.csca!;
    const t = at.getTime();
    const dsValid = t >= ds.notBefore.getTime() && t <= ds.notAfter.getTime();
    const cscaValid = t >= csca.notBefore.getTime() && t <= csca.notAfter.getTime();
    if (dsValid && cscaValid) return (b.inValidity ??= verdict(csca, b.crlErrors));
    const errors: ChainError[] = [];
    if (!dsValid) {
      errors.push({ code: 'ERR_PA_DS_EXPIRED', message: `Document Signer not valid on ${at.toISOString().slice(0, 10)} (valid ${ds.notBefore.toISOString()} to ${ds.notAfter.toISOString()})` });
    }
    if (!cscaValid) errors.push({ code: 'ERR_PA_CSCA_EXPIRED', message: `CSCA not valid on ${at.toISOString().slice(0, 10)}` });
    return verdict(csca, [...errors, ...b.crlErrors]);
  }

  #basis(ds: CertificateInfo): ChainBasis {
    const b: ChainBasis = { cscaCount: this.cscas.length, crlCount: this.crls.length, final: undefined, csca: undefined, crlErrors: [], inValidity: undefined };
    const candidates = this.cscas.filter((c) => ds.x509.checkIssued(c.x509));
    if (candidates.length === 0) {
      b.final = frozen({ chainValid: false, csca: undefined, errors: [{ code: 'ERR_PA_CSCA_NOT_FOUND', message: `no trusted CSCA issued the Document Signer (issuer ${ds.x509.issuer.replace(/\n/g, ', ')})` }] });
      return b;
    }
    const csca = candidates.find((c) => {
      try {
        return ds.x509.verify(c.publicKey);
      } catch {
        return false;
      }
    });
    if (!csca) {
      b.final = frozen({ chainValid: false, csca: candidates[0], errors: [{ code: 'ERR_PA_CHAIN_SIGNATURE', message: 'the Document Signer certificate signature does not verify with the CSCA key' }] });
      return b;
    }
    b.csca = csca;
    for (const crl of this.crls) {
      if (Buffer.compare(crl.issuer, csca.subjectDer) !== 0) continue;
      if (!verifyCrlSignature(crl, csca.publicKey)) {
        b.crlErrors.push({ code: 'ERR_PA_CRL_INVALID', message: 'a CRL naming the CSCA as issuer has an invalid signature; ignored' });
        continue;
      }
      if (crl.revokedSerials.has(ds.serialHex)) b.crlErrors.push({ code: 'ERR_PA_REVOKED', message: `Document Signer serial ${ds.serialHex} is revoked by the CSCA's CRL` });
    }
    return b;
  }
}

/** Date errors first, then CRL findings; an invalid CRL alone does not fail the chain. */
function verdict(csca: CertificateInfo, errors: ChainError[]): ChainVerdict {
  return frozen({ chainValid: !errors.some((e) => e.code !== 'ERR_PA_CRL_INVALID'), csca, errors });
}

function frozen(v: ChainVerdict): ChainVerdict {
  for (const e of v.errors) Object.freeze(e);
  Object.freeze(v.errors);
  return Object.freeze(v);
}
