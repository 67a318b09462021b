// The platform's PKI: which key signs what now, key creation and rotation, the CSCA master list
// and the public keys verifiers need. Private keys stay in the token (keys/key-store.ts); this
// module keeps their public half, certificates and periods in pki_key (migration 030).
//
// ensureKeys() is the one place where keys change: under a transaction-level advisory lock it
// creates what is missing, replaces keys whose usage period ends within the policy's margin
// (9303-12 §5.1: a Document Signer is replaced before its private key usage period ends), removes
// private keys whose usage period is over from the token, and re-signs the master list when the
// CSCAs or its signer changed. `cancuoc start` runs it at start and every hour; currentKey()
// runs it when the key it holds is due.
import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import {
  createCvcWith,
  createCscaCertificateWith,
  decodeCvc,
  IS_RIGHTS,
  type TaHash,
  type TerminalCredentials,
  createDocumentSignerCertificateWith,
  createMasterListWith,
  createMasterListSignerCertificateWith,
  type NameSpec,
} from '@cancuoc/emrtd';
import type { JWK } from 'jose';
import type { Sql, Tx } from '../db/connect.ts';
import { KeyStoreError } from '../keys/errors.ts';
import type { HsmConfig } from '../keys/hsm-config.ts';
import { keyId, publicJwk } from '../keys/jwk.ts';
import { KeyStore, type KeyInfo, type SignHook } from '../keys/key-store.ts';
import { publicKeyInfo } from '../keys/spki.ts';
import { ProblemError } from '../problems.ts';
import { CERTIFIED_ROLES, CV_CERTIFIED_ROLES, checkPolicy, DEFAULT_PKI_POLICY, periodsFor, rotationDue, type KeyRole, type PkiPolicy } from './policy.ts';
import {
  currentKeyInTx,
  insertKeyInTx,
  insertMasterListInTx,
  keysToDestroyInTx,
  latestMasterList,
  lockKeySetInTx,
  markDestroyedInTx,
  publishedKeys,
  type PkiKeyRow,
} from './sql.ts';

export interface PkiOptions {
  /** The token (or how to find it, asked on first use); absent, every operation answers key-store-unavailable. */
  hsm?: HsmConfig | (() => HsmConfig);
  policy?: PkiPolicy;
  /** Told of every signature (the audit log). */
  onSign?: SignHook;
  /** Country (ISO 3166-1 alpha-2) and organisation written in certificate names. */
  names?: { country: string; organization: string };
  now?: () => Date;
}

export interface EnsureReport {
  created: Array<{ role: KeyRole; label: string }>;
  destroyed: string[];
  masterListSigned: boolean;
}

/** A published key: JWK for keys on JOSE curves, certificate for those the CSCA certifies. */
export interface PublishedKey {
  kid: string;
  role: KeyRole;
  curve: string;
  usageFrom: string;
  usageUntil: string;
  verifyUntil: string | null;
  jwk?: JWK;
  /** base64 DER (X.509), or a card-verifiable certificate for the EAC roles */
  certificate?: string;
  /** EAC roles: the certificate holder reference (TR-03110-3 A.6.1) */
  chr?: string;
  /** A CVCA that replaced another: its link certificate, base64 */
  linkCertificate?: string;
}

/**
 * An inspection system of the production centre (quality control reads DG3 with it): its key
 * lives in memory for a day, certified by the current Document Verifier in the token.
 */
export interface InspectionSystem {
  /** The chain a chip trusting these CVCA certificates accepts: [link CVCA …,] DV, IS (TR-03110-3 §2.3). */
  credentialsFor(trustPoints: readonly Uint8Array[]): TerminalCredentials | undefined;
  expiresAt: Date;
}

const COMMON_NAMES: Partial<Record<KeyRole, string>> = {
  csca: 'CSCA',
  'document-signer': 'Document Signer',
  'master-list-signer': 'Master List Signer',
};

/** Order of creation: the CSCA first, since it certifies the signers. */
const CREATION_ORDER: readonly KeyRole[] = ['csca', 'master-list-signer', 'document-signer', 'card-qr', 'document', 'cvca', 'document-verifier'];

const DAY = 864e5;
const EAC_RIGHTS = IS_RIGHTS.dg3 | IS_RIGHTS.dg4;

export class PkiService {
  readonly policy: PkiPolicy;
  private readonly sql: Sql;
  private readonly options: PkiOptions;
  private store: KeyStore | undefined;
  private readonly current = new Map<KeyRole, { row: PkiKeyRow; rotateAt: number }>();
  private readonly now: () => Date;

  constructor(sql: Sql, options: PkiOptions = {}) {
    this.sql = sql;
    this.options = options;
    this.policy = checkPolicy(options.policy ?? DEFAULT_PKI_POLICY);
    this.now = options.now ?? (() => new Date());
  }

  /** The token, opened on first use. */
  keyStore(): KeyStore {
    if (this.store) return this.store;
    if (!this.options.hsm) throw new ProblemError('key-store-unavailable', 'this server has no key store configured');
    try {
      const hsm = typeof this.options.hsm === 'function' ? this.options.hsm() : this.options.hsm;
      this.store = KeyStore.open(hsm, this.options.onSign ? { onSign: this.options.onSign } : {});
    } catch (err) {
      if (err instanceof KeyStoreError) throw Object.assign(new ProblemError('key-store-unavailable', 'the key store cannot be opened; the operators have the details in the log'), { cause: err });
      throw err;
    }
    return this.store;
  }

  /** Creates missing keys, rotates due ones, destroys spent private keys, re-signs the master list. */
  async ensureKeys(now = this.now()): Promise<EnsureReport> {
    const store = this.keyStore();
    const report: EnsureReport = { created: [], destroyed: [], masterListSigned: false };
    await this.sql.begin(async (tx) => {
      await lockKeySetInTx(tx);
      for (const role of CREATION_ORDER) {
        const cur = await currentKeyInTx(tx, role);
        // A Document Verifier certified by a replaced CVCA is refused by the chips made since (they
        // trust only the new one): a new CVCA brings a new Document Verifier.
        const issuerReplaced = role === 'document-verifier' && report.created.some((c) => c.role === 'cvca');
        if (!issuerReplaced && cur && !cur.destroyed_at && !rotationDue({ usageUntil: cur.usage_until }, this.policy[role], now)) continue;
        const row = await this.createKeyInTx(tx, store, role, now);
        report.created.push({ role, label: row.label });
      }
      for (const spent of await keysToDestroyInTx(tx, now)) {
        if (store.hasKey(spent.label)) store.destroyKey(spent.label);
        await markDestroyedInTx(tx, spent.label, now);
        report.destroyed.push(spent.label);
      }
      report.masterListSigned = await this.refreshMasterListInTx(tx, store, now);
    });
    this.current.clear();
    this.inspection = undefined;
    return report;
  }

  /** The key that signs for `role` now (rotating first when it is due). */
  async currentKey(role: KeyRole): Promise<PkiKeyRow> {
    const now = this.now();
    const cached = this.current.get(role);
    if (cached && now.getTime() < cached.rotateAt) return cached.row;
    let row = await currentKeyInTx(this.sql, role);
    if (!row || row.destroyed_at || rotationDue({ usageUntil: row.usage_until }, this.policy[role], now)) {
      await this.ensureKeys(now);
      row = await currentKeyInTx(this.sql, role);
    }
    if (!row) throw new ProblemError('key-store-unavailable', `no ${role} key`);
    this.current.set(role, { row, rotateAt: row.usage_until.getTime() - this.policy[role].rotateBeforeDays * 864e5 });
    return row;
  }

  /** DER ContentInfo of the newest CSCA master list (9303-12 §8). */
  async masterList(): Promise<Buffer> {
    let ml = await latestMasterList(this.sql);
    if (!ml) {
      await this.ensureKeys();
      ml = await latestMasterList(this.sql);
    }
    if (!ml) throw new ProblemError('key-store-unavailable', 'no master list has been signed');
    return ml.cms;
  }

  /** Every key whose signatures must still verify, newest usage last within each role. */
  async publishedKeys(at = this.now()): Promise<PublishedKey[]> {
    let rows = await publishedKeys(this.sql, at);
    if (rows.length === 0) {
      await this.ensureKeys(at);
      rows = await publishedKeys(this.sql, at);
    }
    return Promise.all(rows.map(async (r) => {
      const info = publicKeyInfo(r.spki);
      return {
        kid: r.kid, role: r.role, curve: info.curve.name,
        usageFrom: r.usage_from.toISOString(), usageUntil: r.usage_until.toISOString(), verifyUntil: r.verify_until?.toISOString() ?? null,
        ...(info.curve.jose ? { jwk: await publicJwk(info) } : {}),
        ...(r.certificate ? { certificate: r.certificate.toString('base64') } : {}),
        ...(r.certificate && CV_CERTIFIED_ROLES.includes(r.role) ? { chr: decodeCvc(r.certificate).chr } : {}),
        ...(r.link_certificate ? { linkCertificate: r.link_certificate.toString('base64') } : {}),
      };
    }));
  }

  close(): void {
    this.store?.close();
    this.store = undefined;
  }

  private async createKeyInTx(tx: Tx, store: KeyStore, role: KeyRole, now: Date): Promise<PkiKeyRow> {
    const policy = this.policy[role];
    const label = `${role}-${now.toISOString().slice(0, 10).replace(/-/g, '')}-${randomBytes(4).toString('hex')}`;
    // A key generated here whose transaction then fails stays in the token unused under its
    // unique label; nothing refers to it.
    const key = store.generateKey(label, policy.curve);
    const periods = periodsFor(policy, now);
    let certificate: Uint8Array | null = null;
    let issuerLabel: string | null = null;
    let linkCertificate: Uint8Array | null = null;
    if (CV_CERTIFIED_ROLES.includes(role)) {
      ({ certificate, issuerLabel, linkCertificate } = await this.certifyCv(tx, store, key, role, periods));
    } else if (role === 'csca') {
      certificate = await this.certify(store, key, role, periods, undefined);
    } else if (CERTIFIED_ROLES.includes(role)) {
      const csca = await currentKeyInTx(tx, 'csca');
      if (!csca?.certificate) throw new Error('the CSCA must exist before it certifies');
      issuerLabel = csca.label;
      certificate = await this.certify(store, key, role, periods, { label: csca.label, certificate: csca.certificate });
    }
    const row = {
      label, role, kid: await keyId(key), curve: key.curve.name, spki: key.spki,
      certificate: certificate ? Buffer.from(certificate) : null, issuer_label: issuerLabel,
      link_certificate: linkCertificate ? Buffer.from(linkCertificate) : null,
      usage_from: periods.usageFrom, usage_until: periods.usageUntil, verify_until: periods.verifyUntil,
    };
    await insertKeyInTx(tx, row, now);
    return { ...row, created_at: now, retired_at: null, destroyed_at: null };
  }

  private async certify(store: KeyStore, key: KeyInfo, role: KeyRole, periods: ReturnType<typeof periodsFor>, issuer: { label: string; certificate: Buffer } | undefined): Promise<Uint8Array> {
    const names = this.options.names ?? { country: 'VN', organization: 'cancuoc' };
    const subject: NameSpec = { country: names.country, organization: names.organization, commonName: `${names.organization} ${COMMON_NAMES[role]}`, serialNumber: key.label };
    const common = {
      subject, publicKey: key.publicKey, hash: key.curve.hash,
      notBefore: periods.usageFrom, notAfter: periods.verifyUntil ?? new Date('9999-12-31T23:59:59Z'),
      privateKeyUsagePeriod: { notBefore: periods.usageFrom, notAfter: periods.usageUntil },
    };
    if (!issuer) return store.withSigner(key.label, 'certificate', (signer) => createCscaCertificateWith({ ...common, signer }));
    const issuerCertificate = issuer.certificate;
    return store.withSigner(issuer.label, 'certificate', (issuerSigner) =>
      role === 'document-signer'
        ? createDocumentSignerCertificateWith({ ...common, issuerCertificate, issuerSigner })
        : createMasterListSignerCertificateWith({ ...common, issuerCertificate, issuerSigner }));
  }

  /**
   * Card-verifiable certificates (TR-03110-3 C.1) signed in the token: the CVCA self-signed, with
   * a link certificate from the CVCA it replaces while that key is still in the token (§2.3); a
   * domestic Document Verifier certified by the current CVCA, ending no later than it.
   */
  private async certifyCv(tx: Tx, store: KeyStore, key: KeyInfo, role: KeyRole, periods: ReturnType<typeof periodsFor>): Promise<{ certificate: Uint8Array; issuerLabel: string | null; linkCertificate: Uint8Array | null }> {
    const country = this.options.names?.country ?? 'VN';
    const [{ n }] = await tx<{ n: number }[]>`select count(*)::int as n from pki_key where role = ${role}`;
    // TR-03110-3 A.6.1: country, mnemonic, five-character sequence number.
    const chr = `${country}${role === 'cvca' ? 'CVCA' : 'DV'}${String(n! + 1).padStart(5, '0')}`;
    const hash = key.curve.hash as TaHash;
    const common = { chr, publicKey: key.publicKey, hash, rights: EAC_RIGHTS, effective: periods.usageFrom };
    if (role === 'cvca') {
      const expiration = periods.verifyUntil ?? periods.usageUntil;
      const certificate = await store.withSigner(key.label, 'cv-certificate', (signer) =>
        createCvcWith({ ...common, car: chr, role: 'cvca', expiration, signer, issuerPublicKey: key.publicKey }));
      const previous = await currentKeyInTx(tx, 'cvca');
      let linkCertificate: Uint8Array | null = null;
      if (previous?.certificate && !previous.destroyed_at && store.hasKey(previous.label)) {
        const car = decodeCvc(previous.certificate).chr;
        linkCertificate = await store.withSigner(previous.label, 'cv-certificate', (signer) =>
          createCvcWith({ ...common, car, role: 'cvca', expiration, domainParameters: true, signer, issuerPublicKey: publicKeyInfo(previous.spki).publicKey }));
      }
      return { certificate, issuerLabel: null, linkCertificate };
    }
    const cvca = await currentKeyInTx(tx, 'cvca');
    if (!cvca?.certificate) throw new Error('the CVCA must exist before it certifies');
    const issuer = decodeCvc(cvca.certificate);
    const expiration = new Date(Math.min(periods.usageUntil.getTime(), issuer.expiration.getTime()));
    const certificate = await store.withSigner(cvca.label, 'cv-certificate', (signer) =>
      createCvcWith({ ...common, car: issuer.chr, role: 'dv-domestic', expiration, signer, issuerPublicKey: publicKeyInfo(cvca.spki).publicKey }));
    return { certificate, issuerLabel: cvca.label, linkCertificate: null };
  }

  private inspection: (InspectionSystem & { dvLabel: string }) | undefined;

  /**
   * The production centre's inspection system (TR-03110-3 §2.2.4): a key made here, kept in
   * memory only, certified for one day with the fingerprint right by the current Document
   * Verifier in the token. It reads what the chips it checks hold; it never signs documents.
   */
  async inspectionSystem(now = this.now()): Promise<InspectionSystem> {
    const dv = await this.currentKey('document-verifier');
    if (this.inspection?.dvLabel === dv.label && now.getTime() < this.inspection.expiresAt.getTime() - 3600e3) return this.inspection;
    const cvcas = (await publishedKeys(this.sql, now)).filter((k) => k.role === 'cvca' && k.certificate).sort((a, b) => a.usage_from.getTime() - b.usage_from.getTime());
    const dvCert = new Uint8Array(dv.certificate!);
    const dvCv = decodeCvc(dvCert);
    const key = generateKeyPairSync('ec', { namedCurve: publicKeyInfo(dv.spki).curve.nodeName });
    const today = new Date(`${now.toISOString().slice(0, 10)}T00:00:00Z`);
    const expiresAt = new Date(Math.min(today.getTime() + DAY, dvCv.expiration.getTime()));
    const chr = `${this.options.names?.country ?? 'VN'}QC${randomBytes(4).readUInt32BE(0).toString(36).toUpperCase().padStart(5, '0').slice(-5)}`;
    const certificate = await this.keyStore().withSigner(dv.label, 'cv-certificate', (signer) =>
      createCvcWith({ car: dvCv.chr, chr, publicKey: key.publicKey, hash: dvCv.hash, role: 'is', rights: IS_RIGHTS.dg3, effective: today, expiration: expiresAt, signer, issuerPublicKey: publicKeyInfo(dv.spki).publicKey }));
    const chrs = cvcas.map((c) => decodeCvc(c.certificate!).chr);
    const privateKey: KeyObject = key.privateKey;
    this.inspection = {
      dvLabel: dv.label,
      expiresAt,
      credentialsFor: (trustPoints) => {
        // From the newest CVCA the chip trusts, the link certificates up to the current one.
        const from = Math.max(...trustPoints.map((t) => chrs.indexOf(decodeCvc(t).chr)));
        const to = chrs.indexOf(dvCv.car);
        if (from < 0 || to < from) return undefined;
        const links = cvcas.slice(from + 1, to + 1).map((c) => c.link_certificate);
        if (links.some((l) => !l)) return undefined;
        return { certificates: [...links.map((l) => new Uint8Array(l!)), dvCert, certificate], privateKey };
      },
    };
    return this.inspection;
  }

  private async refreshMasterListInTx(tx: Tx, store: KeyStore, now: Date): Promise<boolean> {
    const signer = await currentKeyInTx(tx, 'master-list-signer');
    const cscas = (await publishedKeys(tx, now)).filter((k) => k.role === 'csca');
    if (!signer?.certificate || cscas.length === 0) return false;
    const cscaLabels = cscas.map((c) => c.label).sort();
    const latest = await latestMasterList(tx);
    if (latest && latest.signer_label === signer.label && latest.csca_labels.join() === cscaLabels.join()) return false;
    const signerCertificate = signer.certificate;
    const cms = await store.withSigner(signer.label, 'master-list', (tokenSigner) =>
      createMasterListWith({ cscaCertificates: cscas.map((c) => c.certificate!), signerCertificate, signer: tokenSigner, digest: publicKeyInfo(signer.spki).curve.hash }));
    await insertMasterListInTx(tx, { signerLabel: signer.label, cscaLabels, cms });
    return true;
  }
}

