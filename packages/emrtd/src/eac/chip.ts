// Terminal Authentication, chip side (9303-11 §7.1 with BSI TR-03110-3 §B.11 commands and §2.6 /
// appendix C certificate rules), as a state machine the virtual chip drives:
//   MSE:Set DST (83 CAR)        → the key that verifies the next certificate: a trust point (CVCA)
//                                 or the certificate imported last; unknown → 6A88
//   PSO:Verify Certificate      → CAR must name that key (else 6A88); issuer role (CVCA issues DV
//                                 and link CVCA, DV issues IS), signature, and expiry against the
//                                 chip's current date: any failure 6984 (reference data not usable)
//   MSE:Set AT (83 CHR [, 91])  → the inspection system's key, imported last (else 6A88)
//   GET CHALLENGE               → r_PICC (8 bytes)
//   EXTERNAL AUTHENTICATE       → ECDSA over ID_PICC ‖ r_PICC ‖ Comp(PK_PCD): ok 9000, else 6300
// The chip's current date is the most recent effective date of a CVCA, domestic DV, or
// certificate issued by a domestic DV it has accepted (TR-03110-1 §2.2.5); it starts at the date
// set at personalisation. The effective rights are those of every certificate of the chain ANDed.
import { verify } from 'node:crypto';
import type { Curve } from '../crypto/curves.ts';
import { SW } from '../iso7816/status.ts';
import { decodeCvc, publicKeyOf, verifyCvcSignature, type CvCertificate, type TaHash } from './cvc.ts';

export interface EacChipConfig {
  /** CVCA certificates the chip trusts (TR-03110 trust points), as CV certificates. */
  trustPoints: readonly Uint8Array[];
  /** The chip's current date at personalisation. */
  date: Date;
}

interface Key {
  chr: string;
  curve: Curve;
  point: Uint8Array;
  hash: TaHash;
  role: CvCertificate['role'];
  rights: number;
}

export class TerminalAuthenticationChip {
  #trust: Key[] = [];
  date: Date;
  #selected: Key | undefined;
  #imported: Key | undefined;
  #chainRights = 0;
  #terminal: Key | undefined;
  #ephemeral: Uint8Array | undefined;
  #challenge: Uint8Array | undefined;
  /** Rights granted by a completed Terminal Authentication in this session (0 before). */
  rights = 0;
  done = false;

  constructor(config: EacChipConfig) {
    this.date = config.date;
    for (const t of config.trustPoints) {
      const c = decodeCvc(t);
      if (c.role !== 'cvca' || !c.curve) throw new TypeError(`trust point ${c.chr} is not a CVCA certificate with domain parameters`);
      this.#trust.push({ chr: c.chr, curve: c.curve, point: c.point, hash: c.hash, role: 'cvca', rights: c.rights });
    }
  }

  /** The CHRs of the trust points (EF.CVCA lists them). */
  get trustPointReferences(): string[] {
    return this.#trust.map((t) => t.chr);
  }

  /** A new session: nothing selected or imported, no rights (trust points and date stay). */
  reset(): void {
    this.#selected = this.#imported = this.#terminal = undefined;
    this.#chainRights = this.rights = 0;
    this.#ephemeral = this.#challenge = undefined;
    this.done = false;
  }

  setDst(car: string): number {
    const key = this.#imported?.chr === car ? this.#imported : this.#trust.find((t) => t.chr === car);
    if (!key) return SW.REFERENCED_DATA_NOT_FOUND;
    this.#selected = key;
    if (key.role === 'cvca') this.#chainRights = key.rights;
    return SW.SUCCESS;
  }

  verifyCertificate(data: Uint8Array): number {
    const issuer = this.#selected;
    if (!issuer) return SW.CONDITIONS_OF_USE_NOT_SATISFIED;
    let c: CvCertificate;
    try {
      c = decodeCvc(data);
    } catch {
      return SW.WRONG_DATA;
    }
    if (c.car !== issuer.chr) return SW.REFERENCED_DATA_NOT_FOUND;
    const roleOk = c.role === 'cvca' || c.role.startsWith('dv') ? issuer.role === 'cvca' : issuer.role.startsWith('dv');
    if (!roleOk) return SW.REFERENCE_DATA_NOT_USABLE;
    if (!verifyCvcSignature(c, issuer)) return SW.REFERENCE_DATA_NOT_USABLE;
    // An expired CVCA (link) certificate may still be imported; every other must not be expired.
    if (c.role !== 'cvca' && c.expiration.getTime() < this.date.getTime()) return SW.REFERENCE_DATA_NOT_USABLE;
    const curve = c.curve ?? issuer.curve;
    const key: Key = { chr: c.chr, curve, point: c.point, hash: c.hash, role: c.role, rights: c.rights };
    if (c.effective.getTime() > this.date.getTime() && (c.role === 'cvca' || c.role === 'dv-domestic' || issuer.role === 'dv-domestic')) this.date = c.effective;
    if (c.role === 'cvca') {
      this.#trust.push(key); // permanent import of a link certificate
    } else {
      this.#imported = key;
      this.#chainRights &= c.rights;
    }
    this.#selected = key;
    return SW.SUCCESS;
  }

  /** MSE:Set AT for TA: the terminal certificate imported last; `ephemeral` = DO'91' when sent. */
  setAt(chr: string, ephemeral: Uint8Array | undefined): number {
    if (!this.#imported || this.#imported.chr !== chr || this.#imported.role !== 'is') return SW.REFERENCED_DATA_NOT_FOUND;
    this.#terminal = this.#imported;
    this.#ephemeral = ephemeral;
    return SW.SUCCESS;
  }

  get expectsChallenge(): boolean {
    return this.#terminal !== undefined && !this.done;
  }

  setChallenge(r: Uint8Array): void {
    this.#challenge = r;
  }

  /**
   * EXTERNAL AUTHENTICATE: `signature` (plain r‖s) over ID_PICC ‖ r_PICC ‖ Comp(PK_PCD), where
   * Comp is the x-coordinate of the terminal's ephemeral key (TR-03110-3 A.2.2.3) — from DO'91', or
   * the key the terminal used in Chip Authentication.
   */
  externalAuthenticate(signature: Uint8Array, idPicc: Uint8Array | undefined, caTerminalX: Uint8Array | undefined): number {
    const t = this.#terminal;
    const r = this.#challenge;
    this.#challenge = undefined;
    const comp = this.#ephemeral ?? caTerminalX;
    if (!t || !r || !idPicc || !comp) return SW.CONDITIONS_OF_USE_NOT_SATISFIED;
    let ok = false;
    try {
      ok = verify(t.hash, Buffer.concat([idPicc, r, comp]), { key: publicKeyOf(t.curve, t.point), dsaEncoding: 'ieee-p1363' }, signature);
    } catch {
      ok = false;
    }
    if (!ok) return SW.AUTHENTICATION_FAILED;
    this.done = true;
    this.rights = this.#chainRights;
    return SW.SUCCESS;
  }
}
