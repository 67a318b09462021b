// Trust anchors for passive authentication: CSCA certificates (PEM/DER files or ICAO master
// lists, several) and CRLs. What a chain verdict owes to the certificates and CRLs (which CSCA,
// its signature on the DS, revocation) is cached per Document Signer; the validity dates are
// judged on every call, to the millisecond.
import { EmrtdError } from '../errors.ts';
import { parseCrl, verifyCrlSignature, type ParsedCrl } from '../pki/crl.ts';
import { parseMasterList } from '../pki/master-list.ts';
import { serialHex } from '../pki/crl.ts';
import { keyIdentifierOf, signerMatches, type SignerIdentifier } from '../cms/signer-identifier.ts';
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

/** What `addPkd` took from a PKD download, and what it refused (with why). */
export interface PkdLoadReport {
  masterLists: number;
  cscas: number;
  documentSigners: number;
  crls: number;
  rejected: { kind: 'master list' | 'CSCA' | 'Document Signer' | 'CRL'; message: string }[];
}

export class TrustStore {
  readonly cscas: CertificateInfo[] = [];
  readonly crls: ParsedCrl[] = [];
  /**
   * Document Signer certificates known beforehand (ICAO PKD o=dsc), for SODs that do not carry
   * their signer's certificate. Not trust anchors: each is still judged by its chain to a CSCA.
   */
  readonly documentSigners: CertificateInfo[] = [];
  #chains = new Map<string, ChainBasis>();
  #fingerprints = new Set<string>();
  #dsFingerprints = new Set<string>();
  /** Document Signers by serial number and by key identifier (a PKD holds tens of thousands). */
  #dsBySerial = new Map<string, CertificateInfo[]>();
  #dsByKeyId = new Map<string, CertificateInfo[]>();
  /** CSCAs by the hex of their subject Name's DER, to find a DS's issuer without scanning them all. */
  #bySubject = new Map<string, CertificateInfo[]>();

  /** Adds CSCA certificates from a PEM (one or more) or DER file's bytes. */
  addCertificates(bytes: Uint8Array): this {
    try {
      // A certificate given one by one must be usable now (OpenSSL reads it and its key): an
      // operator's file error is reported here, not as a missing CSCA later.
      for (const d of derObjects(bytes, undefined)) void this.#addCsca(d).publicKey;
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

  #addCsca(d: Uint8Array): CertificateInfo {
    const info = certificateInfo(d);
    if (this.#fingerprints.has(info.fingerprint)) return info;
    this.#fingerprints.add(info.fingerprint);
    this.cscas.push(info);
    const key = Buffer.from(info.subjectDer).toString('hex');
    const list = this.#bySubject.get(key);
    if (list) list.push(info);
    else this.#bySubject.set(key, [info]);
    this.#chains.clear();
    return info;
  }

  /** Adds Document Signer certificates (DER or PEM) that SODs may name without carrying them. */
  addDocumentSigners(bytes: Uint8Array): this {
    for (const d of derObjects(bytes, 'CERTIFICATE')) {
      let info: CertificateInfo;
      try {
        info = certificateInfo(d);
      } catch (err) {
        if (err instanceof EmrtdError) throw new PaInputError(`Document Signer certificate: ${err.message}`, { cause: err });
        throw err;
      }
      if (this.#dsFingerprints.has(info.fingerprint)) continue;
      this.#dsFingerprints.add(info.fingerprint);
      this.documentSigners.push(info);
      const push = (m: Map<string, CertificateInfo[]>, k: string) => (m.get(k)?.push(info) ?? m.set(k, [info]));
      push(this.#dsBySerial, info.serialHex);
      push(this.#dsByKeyId, Buffer.from(info.fields.subjectKeyIdentifier ?? keyIdentifierOf(info.fields.subjectPublicKey)).toString('hex'));
    }
    return this;
  }

  /** The known Document Signer a SignerInfo names (RFC 5652 §5.3), by index. */
  findDocumentSigner(sid: SignerIdentifier): CertificateInfo | undefined {
    const list = sid.serialNumber ? this.#dsBySerial.get(serialHex(sid.serialNumber)) : sid.subjectKeyIdentifier ? this.#dsByKeyId.get(Buffer.from(sid.subjectKeyIdentifier).toString('hex')) : undefined;
    return list?.find((c) => signerMatches(sid, c.fields));
  }

  /**
   * Adds what an ICAO PKD download holds (pki/pkd.ts `readPkdLdif`): the CSCAs of every master list
   * whose own signature verifies, CSCA certificates, Document Signers, CRLs. An object that does not
   * read or verify is reported in `rejected` and skipped; the others are used.
   */
  addPkd(contents: { masterLists: Uint8Array[]; cscas: Uint8Array[]; documentSigners: Uint8Array[]; crls: Uint8Array[] }): PkdLoadReport {
    const report: PkdLoadReport = { masterLists: 0, cscas: 0, documentSigners: 0, crls: 0, rejected: [] };
    const each = (kind: PkdLoadReport['rejected'][number]['kind'], list: Uint8Array[], add: (b: Uint8Array) => void, count: 'masterLists' | 'cscas' | 'documentSigners' | 'crls') => {
      for (const b of list) {
        try {
          add(b);
          report[count]++;
        } catch (err) {
          if (!(err instanceof EmrtdError)) throw err;
          report.rejected.push({ kind, message: err.message });
        }
      }
    };
    each('master list', contents.masterLists, (b) => this.addMasterList(b), 'masterLists');
    each('CSCA', contents.cscas, (b) => this.addCertificates(b), 'cscas');
    each('Document Signer', contents.documentSigners, (b) => this.addDocumentSigners(b), 'documentSigners');
    each('CRL', contents.crls, (b) => this.addCrl(b), 'crls');
    return report;
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
    // CSCAs whose subject is the DS's issuer as encoded; when none (another string type or case),
    // OpenSSL's name comparison over all of them (RFC 5280 §7.1).
    const issued = (c: CertificateInfo) => {
      try {
        return ds.x509.checkIssued(c.x509);
      } catch {
        return false; // a CSCA OpenSSL refuses issues nothing
      }
    };
    const exact = this.#bySubject.get(Buffer.from(ds.issuerDer).toString('hex'))?.filter(issued) ?? [];
    const candidates = exact.length ? exact : this.cscas.filter(issued);
    if (candidates.length === 0) {
      b.final = frozen({ chainValid: false, csca: undefined, errors: [{ code: 'ERR_PA_CSCA_NOT_FOUND', message: `no trusted CSCA issued the Document Signer (issuer ${ds.summary.issuer})` }] });
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
