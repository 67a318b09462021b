// Trust anchors for passive authentication: CSCA certificates (PEM/DER files or ICAO master
// lists, several) and CRLs. Chain verdicts are cached per Document Signer and date.
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

export class TrustStore {
  readonly cscas: CertificateInfo[] = [];
  readonly crls: ParsedCrl[] = [];
  #verdicts = new Map<string, ChainVerdict>();

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
    if (options.requireValidSignature !== false && !ml.signatureValid) throw new PaInputError('master list: its signature does not verify');
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
    this.#verdicts.clear();
    return this;
  }

  #addCsca(d: Uint8Array): void {
    const info = certificateInfo(d);
    if (!this.cscas.some((c) => c.fingerprint === info.fingerprint)) this.cscas.push(info);
    this.#verdicts.clear();
  }

  /**
   * DS → CSCA (9303-11 §5.1 steps, 9303-12 §7.1): a trusted CSCA whose subject and key identifier
   * match the DS issuer and authority key identifier, whose key verifies the DS signature; both
   * valid at `at`; the DS not on a CSCA-signed CRL. Cached per DS fingerprint and day.
   */
  verifyChain(ds: CertificateInfo, at: Date): ChainVerdict {
    const key = `${ds.fingerprint}|${at.toISOString().slice(0, 10)}|${at.getTime() >= ds.notBefore.getTime() && at.getTime() <= ds.notAfter.getTime()}`;
    const hit = this.#verdicts.get(key);
    if (hit) return hit;
    const v = this.#verify(ds, at);
    if (this.#verdicts.size > 10000) this.#verdicts.clear();
    this.#verdicts.set(key, v);
    return v;
  }

  #verify(ds: CertificateInfo, at: Date): ChainVerdict {
    const errors: ChainError[] = [];
    const candidates = this.cscas.filter((c) => ds.x509.checkIssued(c.x509));
    if (candidates.length === 0) {
      return { chainValid: false, csca: undefined, errors: [{ code: 'ERR_PA_CSCA_NOT_FOUND', message: `no trusted CSCA issued the Document Signer (issuer ${ds.x509.issuer.replace(/\n/g, ', ')})` }] };
    }
    const csca = candidates.find((c) => {
      try {
        return ds.x509.verify(c.publicKey);
      } catch {
        return false;
      }
    });
    if (!csca) return { chainValid: false, csca: candidates[0], errors: [{ code: 'ERR_PA_CHAIN_SIGNATURE', message: 'the Document Signer certificate signature does not verify with the CSCA key' }] };
    const t = at.getTime();
    if (t < ds.notBefore.getTime() || t > ds.notAfter.getTime()) {
      errors.push({ code: 'ERR_PA_DS_EXPIRED', message: `Document Signer not valid on ${at.toISOString().slice(0, 10)} (valid ${ds.notBefore.toISOString()} to ${ds.notAfter.toISOString()})` });
    }
    if (t < csca.notBefore.getTime() || t > csca.notAfter.getTime()) {
      errors.push({ code: 'ERR_PA_CSCA_EXPIRED', message: `CSCA not valid on ${at.toISOString().slice(0, 10)}` });
    }
    for (const crl of this.crls) {
      if (Buffer.compare(Buffer.from(crl.issuer), Buffer.from(csca.subjectDer)) !== 0) continue;
      if (!verifyCrlSignature(crl, csca.publicKey)) {
        errors.push({ code: 'ERR_PA_CRL_INVALID', message: 'a CRL naming the CSCA as issuer has an invalid signature; ignored' });
        continue;
      }
      if (crl.revokedSerials.has(ds.serialHex)) errors.push({ code: 'ERR_PA_REVOKED', message: `Document Signer serial ${ds.serialHex} is revoked by the CSCA's CRL` });
    }
    const fatal = errors.some((e) => e.code !== 'ERR_PA_CRL_INVALID');
    return { chainValid: !fatal, csca, errors };
  }
}
