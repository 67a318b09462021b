/**
 * A virtual eMRTD chip: answers command APDUs exactly as a contactless card would, behind the
 * same Transceiver interface a reader uses for a real card (9303-10 file system, 9303-11 access
 * control and secure messaging, ISO/IEC 7816-4 commands and status words). `process` never
 * throws: anything unexpected becomes a status word.
 */
import { randomBytes } from 'node:crypto';
import { bacKeys } from '../bac/keys.ts';
import type { BacKeys } from '../bac/keys.ts';
import { bacChipAuthenticate } from '../bac/chip.ts';
import type { RandomSource } from '../bac/reader.ts';
import { ChipAuthenticationChipKey } from '../ca/chip.ts';
import type { ChipAuthenticationKey } from '../ca/chip.ts';
import { caProtocol, encodeKeyId } from '../ca/protocol.ts';
import type { CaProtocol } from '../ca/protocol.ts';
import { activeAuthenticationSign } from '../aa/chip.ts';
import type { ActiveAuthenticationKey } from '../aa/chip.ts';
import { equalBytes } from '../crypto/bytes.ts';
import { pacePassword } from '../crypto/kdf.ts';
import { decodeCommand, encodeResponse } from '../iso7816/apdu.ts';
import type { CommandApdu, ResponseApdu } from '../iso7816/apdu.ts';
import { ApduFormatError, SecureMessagingError } from '../iso7816/errors.ts';
import { SecureMessaging } from '../iso7816/secure-messaging.ts';
import type { SessionKeys } from '../iso7816/secure-messaging.ts';
import { SW } from '../iso7816/status.ts';
import type { Transceiver } from '../iso7816/transceiver.ts';
import type { MrzKeyInfo } from '../mrz/types.ts';
import { PaceChipSession } from '../pace/chip.ts';
import { curveByParameterId } from '../crypto/curves.ts';
import { TerminalAuthenticationChip, type EacChipConfig } from '../eac/chip.ts';
import { IS_RIGHTS } from '../eac/cvc.ts';
import { mrzInformation } from '../mrz/key-info.ts';
import { paceProtocol } from '../pace/oids.ts';
import type { PaceOffer } from '../pace/reader.ts';
import { decodeTlv, decodeTlvs, encodeTlv, findTlv } from '../tlv/index.ts';
import * as asn1js from 'asn1js';
import { fileByName, LDS1_AID } from './files.ts';
import type { FileEntry } from './files.ts';
import { VIETNAM_PROFILE } from './profile.ts';
import type { ChipProfile } from './profile.ts';

export interface VirtualChipOptions {
  /** File contents by name: `EF.COM`, `EF.SOD`, `EF.CardAccess`, `DG1` … `DG16`. */
  files: Readonly<Record<string, Uint8Array>>;
  /** The MRZ fields keying BAC and PACE (what a real chip stores at personalisation). */
  mrz: MrzKeyInfo;
  /** Card access number for PACE with a CAN, if the card has one. */
  can?: string;
  /** PACE parameters the chip accepts (normally what EF.CardAccess announces). */
  paceOffers?: readonly PaceOffer[];
  chipAuthentication?: ChipAuthenticationKey;
  activeAuthentication?: ActiveAuthenticationKey;
  profile?: Partial<ChipProfile>;
  /** Extended Access Control: the CVCA trust points and the chip's date (Terminal Authentication guards DG3/DG4). */
  eac?: EacChipConfig;
  /** Random source (nonces, keys); injectable so the ICAO worked examples replay exactly. */
  random?: RandomSource;
}

type Access = 'none' | 'BAC' | 'PACE';

interface Reply {
  response: ResponseApdu;
  /** Runs after the response is protected with the current keys (CA switches keys then, 9303-11 §6.2.3). */
  after?: () => void;
}

const ok = (data: Uint8Array = new Uint8Array()): Reply => ({ response: { data, sw: SW.SUCCESS } });
const status = (sw: number): Reply => ({ response: { data: new Uint8Array(), sw } });

export class VirtualChip implements Transceiver {
  readonly profile: ChipProfile;
  readonly #files: Map<FileEntry, Uint8Array>;
  readonly #bacKeys: BacKeys;
  readonly #options: VirtualChipOptions;
  readonly #random: RandomSource;
  readonly #ca: ChipAuthenticationChipKey | undefined;

  #appSelected = false;
  #current: FileEntry | undefined;
  #access: Access = 'none';
  #sm: SecureMessaging | undefined;
  #rndIc: Uint8Array | undefined;
  #pace: PaceChipSession | undefined;
  #paceRequest: { protocol: ReturnType<typeof paceProtocol>; parameterId: number; password: Uint8Array } | undefined;
  #caRequest: CaProtocol | undefined;
  #caDone = false;
  readonly #ta: TerminalAuthenticationChip | undefined;
  /** ID_PICC of Terminal Authentication: document number ‖ check digit (BAC), Comp(PACE ephemeral key) (PACE). */
  #idPicc: Uint8Array | undefined;
  /** x-coordinate of the terminal's Chip Authentication ephemeral key (Comp(PK_PCD) for TA). */
  #caTerminalX: Uint8Array | undefined;

  constructor(options: VirtualChipOptions) {
    this.#options = options;
    this.profile = { ...VIETNAM_PROFILE, ...options.profile };
    this.#random = options.random ?? ((n) => new Uint8Array(randomBytes(n)));
    this.#bacKeys = bacKeys(options.mrz);
    this.#files = new Map();
    for (const [name, bytes] of Object.entries(options.files)) {
      const entry = fileByName(name);
      if (!entry) throw new TypeError(`unknown file name ${name}`);
      this.#files.set(entry, bytes);
    }
    this.#ca = options.chipAuthentication ? new ChipAuthenticationChipKey(options.chipAuthentication) : undefined;
    this.#ta = options.eac ? new TerminalAuthenticationChip(options.eac) : undefined;
  }

  /** The chip's current date for Terminal Authentication (moves forward with accepted certificates). */
  get eacDate(): Date | undefined {
    return this.#ta?.date;
  }

  /** Power-off / reset: the card forgets its security state and selection (ISO/IEC 7816-3 cold reset). */
  reset(): void {
    this.#appSelected = false;
    this.#current = undefined;
    this.#endSession();
  }

  #endSession(): void {
    this.#access = 'none';
    this.#sm = undefined;
    this.#rndIc = undefined;
    this.#pace = undefined;
    this.#paceRequest = undefined;
    this.#caRequest = undefined;
    this.#caDone = false;
    this.#ta?.reset();
    this.#idPicc = undefined;
    this.#caTerminalX = undefined;
  }

  async transceive(apdu: Uint8Array): Promise<Uint8Array> {
    return this.process(apdu);
  }

  /** The last internal failure answered with 6400 (for traces and tests). */
  lastInternalError: Error | undefined;

  /** Answers one command APDU (synchronous core of `transceive`). */
  process(bytes: Uint8Array): Uint8Array {
    try {
      return this.#process(bytes);
    } catch (err) {
      // A bug or an internal failure (a random source that fails, a key that cannot be used) must
      // look like a card error, never crash the host, and say what it is: 6400 "execution error"
      // (ISO/IEC 7816-4 §5.6), not 6F00, which would hide it among malformed commands.
      this.lastInternalError = err instanceof Error ? err : new Error(String(err));
      this.#endSession();
      return encodeResponse({ data: new Uint8Array(), sw: SW.EXECUTION_ERROR });
    }
  }

  #process(bytes: Uint8Array): Uint8Array {
    let apdu: CommandApdu;
    try {
      apdu = decodeCommand(bytes);
    } catch (e) {
      if (e instanceof ApduFormatError) return encodeResponse(status(SW.WRONG_LENGTH).response);
      throw e;
    }
    // ISO/IEC 7816-4 §5.4.1: interindustry class 000x xxxx; we know chaining (10) and SM (0C), channel 0.
    if ((apdu.cla & 0xe3) !== 0) return encodeResponse(status(SW.CLA_NOT_SUPPORTED).response);
    if (apdu.extended && !this.profile.extendedLength) return encodeResponse(status(SW.WRONG_LENGTH).response);
    const isProtected = (apdu.cla & 0x0c) === 0x0c;
    if (isProtected) {
      const sm = this.#sm;
      if (!sm) return encodeResponse(status(SW.SM_DATA_OBJECTS_MISSING).response);
      let plain: CommandApdu;
      try {
        plain = sm.unprotectCommand(apdu);
      } catch (e) {
        // 9303-11 §9.8.6: an SM error ends the session; the answer is unprotected.
        this.#endSession();
        const sw = e instanceof SecureMessagingError ? e.sw : SW.SM_DATA_OBJECTS_INCORRECT;
        return encodeResponse(status(sw).response);
      }
      const reply = this.#dispatch(plain, true);
      // The command may have ended the session (e.g. a failed step): then answer in plain.
      const out = this.#sm === sm ? sm.protectResponse(reply.response, plain.ins) : encodeResponse(reply.response);
      reply.after?.();
      return out;
    }
    if (this.#sm) {
      // A plain command in a secure session aborts it (9303-11 §9.8: all APDUs are protected after access control).
      this.#endSession();
    }
    const reply = this.#dispatch(apdu, false);
    reply.after?.();
    return encodeResponse(reply.response);
  }

  #dispatch(apdu: CommandApdu, isProtected: boolean): Reply {
    switch (apdu.ins) {
      case 0xa4:
        return this.#select(apdu);
      case 0xb0:
      case 0xb1:
        return this.#readBinary(apdu);
      case 0x84:
        return this.#getChallenge(apdu);
      case 0x82:
        return this.#externalAuthenticate(apdu, isProtected);
      case 0x22:
        return this.#manageSecurityEnvironment(apdu, isProtected);
      case 0x86:
        return this.#generalAuthenticate(apdu, isProtected);
      case 0x88:
        return this.#internalAuthenticate(apdu);
      case 0x2a:
        return this.#performSecurityOperation(apdu, isProtected);
      default:
        return status(SW.INS_NOT_SUPPORTED);
    }
  }

  // --- file system --------------------------------------------------------------------------

  #lookup(match: (e: FileEntry) => boolean): FileEntry | undefined {
    let mf: FileEntry | undefined;
    for (const e of this.#files.keys()) {
      if (!match(e)) continue;
      // In the application its own file wins (011C is EF.CVCA there, EF.CardAccess in the MF);
      // MF-level files are reachable from the application as well (readers select EF.CardAccess either way).
      if (!e.mf && this.#appSelected) return e;
      if (e.mf) mf ??= e;
    }
    return mf;
  }

  #accessDenied(e: FileEntry): boolean {
    if (e.mf) return false;
    if (this.#access === 'none') return true;
    if (!this.profile.eacProtectedFiles.includes(e.name)) return false;
    // 9303-11 §7.1: DG3 and DG4 only after Terminal Authentication with the right in the effective CHAT.
    const right = e.name === 'DG3' ? IS_RIGHTS.dg3 : e.name === 'DG4' ? IS_RIGHTS.dg4 : 0;
    return !(this.#ta?.done && right && this.#ta.rights & right);
  }

  #fcp(e: FileEntry): Uint8Array {
    const size = this.#files.get(e)!.length;
    // ISO/IEC 7816-4 §5.3.3 FCP: 80 size, 82 descriptor (transparent EF), 83 file id.
    return encodeTlv(0x62, [
      encodeTlv(0x80, new Uint8Array([size >> 8, size & 0xff])),
      encodeTlv(0x82, new Uint8Array([0x01])),
      encodeTlv(0x83, new Uint8Array([e.fid >> 8, e.fid & 0xff])),
    ]);
  }

  #select(apdu: CommandApdu): Reply {
    const { p1, p2, data } = apdu;
    // P2: 0C no response data; 00 FCI, 04 FCP, 08 FMD (we answer FCP for all three).
    const wantInfo = (p2 & 0x0c) !== 0x0c;
    if ((p2 & 0xf3) !== 0x00) return status(SW.INCORRECT_P1P2);
    if (p1 === 0x04) {
      if (data.length === 0) return status(SW.WRONG_LENGTH);
      if (!equalBytes(data, LDS1_AID)) return status(SW.FILE_NOT_FOUND);
      this.#appSelected = true;
      this.#current = undefined;
      return ok(wantInfo ? encodeTlv(0x6f, encodeTlv(0x84, LDS1_AID)) : undefined);
    }
    if (p1 === 0x00 || p1 === 0x02 || p1 === 0x08 || p1 === 0x09) {
      if (data.length === 0 && p1 === 0x00) return this.#selectMf(wantInfo);
      if (data.length < 2 || data.length % 2 !== 0 || (p1 !== 0x08 && p1 !== 0x09 && data.length !== 2)) return status(SW.WRONG_LENGTH);
      // Path selection (08/09): only the last file id matters for our flat layout.
      const fid = (data[data.length - 2]! << 8) | data[data.length - 1]!;
      if (fid === 0x3f00) return this.#selectMf(wantInfo);
      const e = this.#lookup((f) => f.fid === fid);
      if (!e) return status(SW.FILE_NOT_FOUND);
      if (this.#access === 'none' && !e.mf) return status(SW.SECURITY_STATUS_NOT_SATISFIED);
      this.#current = e;
      return ok(wantInfo ? this.#fcp(e) : undefined);
    }
    if (p1 === 0x01) return status(SW.FILE_NOT_FOUND);
    return status(SW.INCORRECT_P1P2);
  }

  #selectMf(wantInfo: boolean): Reply {
    if (this.profile.selectMasterFile !== SW.SUCCESS) return status(this.profile.selectMasterFile);
    this.#appSelected = false;
    this.#current = undefined;
    return ok(wantInfo ? encodeTlv(0x62, encodeTlv(0x83, new Uint8Array([0x3f, 0x00]))) : undefined);
  }

  #readBinary(apdu: CommandApdu): Reply {
    const odd = apdu.ins === 0xb1;
    let file = this.#current;
    let offset: number;
    if (!odd) {
      if (apdu.data.length > 0) return status(SW.WRONG_LENGTH);
      if (apdu.p1 & 0x80) {
        // Short EF identifier in P1 bits 5–1, offset in P2 (ISO/IEC 7816-4 §7.2.2).
        if (apdu.p1 & 0x60) return status(SW.INCORRECT_P1P2);
        const sfi = apdu.p1 & 0x1f;
        file = this.#lookup((f) => f.sfi === sfi && (this.#appSelected ? !f.mf : f.mf));
        if (!file) return status(SW.FILE_NOT_FOUND);
        offset = apdu.p2;
      } else {
        offset = ((apdu.p1 & 0x7f) << 8) | apdu.p2;
      }
    } else {
      // Odd INS: P1P2 file id (0000 = current) or SFI; offset in DO'54' (ISO/IEC 7816-4 §7.2.2, 9303-10 §3.5.2).
      if (apdu.p1 & 0x80) {
        const sfi = apdu.p1 & 0x1f;
        if (apdu.p2 !== 0 || (apdu.p1 & 0x60)) return status(SW.INCORRECT_P1P2);
        file = this.#lookup((f) => f.sfi === sfi && (this.#appSelected ? !f.mf : f.mf));
        if (!file) return status(SW.FILE_NOT_FOUND);
      } else if (apdu.p1 !== 0 || apdu.p2 !== 0) {
        const fid = (apdu.p1 << 8) | apdu.p2;
        file = this.#lookup((f) => f.fid === fid);
        if (!file) return status(SW.FILE_NOT_FOUND);
      }
      let do54;
      try {
        do54 = findTlv(decodeTlvs(apdu.data), 0x54);
      } catch {
        return status(SW.WRONG_DATA);
      }
      if (!do54 || do54.value.length === 0 || do54.value.length > 3) return status(SW.WRONG_DATA);
      offset = 0;
      for (const b of do54.value) offset = offset * 256 + b;
    }
    if (!file) return status(SW.COMMAND_NOT_ALLOWED);
    if (this.#accessDenied(file)) return status(SW.SECURITY_STATUS_NOT_SATISFIED);
    this.#current = file;
    if (apdu.ne === 0) return status(SW.WRONG_LENGTH);
    const content = this.#files.get(file)!;
    if (offset > content.length) return status(SW.WRONG_P1P2);
    let n = Math.min(apdu.ne, this.profile.maxReadLength);
    if (odd) {
      // The answer is DO'53' holding the bytes; Ne covers tag and length too.
      const header = n > 0xff + 3 ? 4 : n > 0x7f + 2 ? 3 : 2;
      n = Math.max(0, n - header);
    }
    const chunk = content.subarray(offset, offset + n);
    const body = odd ? encodeTlv(0x53, chunk) : chunk;
    return { response: { data: body, sw: chunk.length < n ? SW.END_OF_FILE : SW.SUCCESS } };
  }

  // --- BAC ----------------------------------------------------------------------------------

  #getChallenge(apdu: CommandApdu): Reply {
    if (apdu.p1 !== 0 || apdu.p2 !== 0) return status(SW.INCORRECT_P1P2);
    if (apdu.ne !== 8 || apdu.data.length > 0) return status(SW.WRONG_LENGTH);
    const r = this.#random(8);
    // Under secure messaging after MSE:Set AT for TA, the challenge is r_PICC of Terminal Authentication.
    if (this.#sm && this.#ta?.expectsChallenge) this.#ta.setChallenge(r);
    else this.#rndIc = r;
    return ok(r);
  }

  #externalAuthenticate(apdu: CommandApdu, isProtected: boolean): Reply {
    if (!this.profile.bac) return status(SW.INS_NOT_SUPPORTED);
    if (apdu.p1 !== 0 || apdu.p2 !== 0) return status(SW.INCORRECT_P1P2);
    if (isProtected) {
      if (!this.#ta) return status(SW.CONDITIONS_OF_USE_NOT_SATISFIED);
      return status(this.#ta.externalAuthenticate(apdu.data, this.#idPicc, this.#caTerminalX));
    }
    const rndIc = this.#rndIc;
    this.#rndIc = undefined; // a challenge is good for one attempt
    const outcome = bacChipAuthenticate(this.#bacKeys, rndIc, apdu.data, () => this.#random(16));
    if (!outcome.ok) return status(outcome.sw);
    return {
      response: { data: outcome.response, sw: SW.SUCCESS },
      after: () => {
        this.#startSession(outcome.session, 'BAC');
        // TR-03110-1 (TA v1 after BAC): ID_PICC is the document number with its check digit.
        this.#idPicc = new TextEncoder().encode(mrzInformation(this.#options.mrz).slice(0, 10));
      },
    };
  }

  #startSession(keys: SessionKeys, access: Access): void {
    this.#sm = new SecureMessaging(keys);
    this.#access = access;
    this.#caDone = false;
  }

  // --- PACE and Chip Authentication -----------------------------------------------------------

  #manageSecurityEnvironment(apdu: CommandApdu, isProtected: boolean): Reply {
    const p1p2 = (apdu.p1 << 8) | apdu.p2;
    let dos;
    try {
      dos = decodeTlvs(apdu.data);
    } catch {
      return status(SW.WRONG_DATA);
    }
    const keyRef = findTlv(dos, 0x84)?.value;
    if (p1p2 === 0xc1a4) {
      // MSE:Set AT for PACE (9303-11 §4.4.4.1).
      if (!this.profile.pace || isProtected) return status(SW.CONDITIONS_OF_USE_NOT_SATISFIED);
      const oidDo = findTlv(dos, 0x80);
      const pwdDo = findTlv(dos, 0x83);
      if (!oidDo || !pwdDo || pwdDo.value.length !== 1) return status(SW.WRONG_DATA);
      const oid = decodeOid(oidDo.value);
      const offers = (this.#options.paceOffers ?? []).filter((o) => o.oid === oid);
      const protocol = oid ? paceProtocol(oid) : undefined;
      if (!protocol || offers.length === 0) return status(SW.WRONG_DATA);
      const offer = keyRef ? offers.find((o) => keyRef.length === 1 && o.parameterId === keyRef[0]) : offers[0];
      if (!offer || offer.parameterId === undefined) return status(SW.WRONG_DATA);
      let password: Uint8Array;
      if (pwdDo.value[0] === 0x01) password = pacePassword({ mrz: this.#options.mrz });
      else if (pwdDo.value[0] === 0x02 && this.#options.can) password = pacePassword({ can: this.#options.can });
      else return status(SW.REFERENCED_DATA_NOT_FOUND);
      this.#endSession();
      this.#paceRequest = { protocol, parameterId: offer.parameterId, password };
      return ok();
    }
    if (p1p2 === 0x81b6 || p1p2 === 0x81a4) {
      // Terminal Authentication: Set DST (key for PSO:Verify Certificate), Set AT (terminal key).
      if (!isProtected) return status(SW.SECURITY_STATUS_NOT_SATISFIED);
      if (!this.#ta) return status(SW.REFERENCED_DATA_NOT_FOUND);
      const ref = findTlv(dos, 0x83);
      if (!ref) return status(SW.WRONG_DATA);
      const name = Buffer.from(ref.value).toString('latin1');
      if (p1p2 === 0x81b6) return status(this.#ta.setDst(name));
      const eph = findTlv(dos, 0x91)?.value;
      if (eph && this.#caTerminalX && !equalBytes(eph, this.#caTerminalX)) return status(SW.WRONG_DATA);
      return status(this.#ta.setAt(name, eph));
    }
    if (p1p2 === 0x41a4 || p1p2 === 0x41a6) {
      // Chip Authentication: Set AT (AES, then GENERAL AUTHENTICATE) or Set KAT (3DES), 9303-11 §6.2.4.
      const ca = this.#ca;
      if (!ca || !isProtected || this.#caDone) return status(SW.CONDITIONS_OF_USE_NOT_SATISFIED);
      if (keyRef && ca.key.keyId !== undefined && !equalBytes(keyRef, encodeKeyId(ca.key.keyId))) return status(SW.REFERENCED_DATA_NOT_FOUND);
      if (p1p2 === 0x41a4) {
        const oidDo = findTlv(dos, 0x80);
        const oid = oidDo ? decodeOid(oidDo.value) : undefined;
        const protocol = oid ? caProtocol(oid) : undefined;
        if (!protocol || protocol.oid !== ca.key.protocol.oid) return status(SW.WRONG_DATA);
        this.#caRequest = protocol;
        return ok();
      }
      const pk = findTlv(dos, 0x91);
      if (!pk) return status(SW.WRONG_DATA);
      const keys = ca.agree(pk.value);
      if (!keys) return status(SW.WRONG_DATA);
      return { response: { data: new Uint8Array(), sw: SW.SUCCESS }, after: () => this.#rekey(keys, pk.value) };
    }
    return status(SW.INCORRECT_P1P2);
  }

  #rekey(keys: SessionKeys, terminalKey: Uint8Array): void {
    this.#sm = new SecureMessaging(keys);
    this.#caDone = true;
    this.#caTerminalX = terminalKey.subarray(1, 1 + (terminalKey.length - 1) / 2);
  }

  // --- Terminal Authentication --------------------------------------------------------------

  /** PSO:Verify Certificate (00 2A 00 BE), TR-03110-3 §B.11.4: the data is the certificate's body and signature. */
  #performSecurityOperation(apdu: CommandApdu, isProtected: boolean): Reply {
    if (apdu.p1 !== 0x00 || apdu.p2 !== 0xbe) return status(SW.INCORRECT_P1P2);
    if (!isProtected) return status(SW.SECURITY_STATUS_NOT_SATISFIED);
    if (!this.#ta) return status(SW.CONDITIONS_OF_USE_NOT_SATISFIED);
    return status(this.#ta.verifyCertificate(apdu.data));
  }

  #generalAuthenticate(apdu: CommandApdu, isProtected: boolean): Reply {
    if (apdu.p1 !== 0 || apdu.p2 !== 0) return status(SW.INCORRECT_P1P2);
    let inner: { tag: number | undefined; value: Uint8Array };
    try {
      const outer = decodeTlv(apdu.data, 0x7c);
      const list = decodeTlvs(outer.value);
      if (list.length > 1) return status(SW.WRONG_DATA);
      inner = list[0] ? { tag: list[0].tag, value: list[0].value } : { tag: undefined, value: new Uint8Array() };
    } catch {
      return status(SW.WRONG_DATA);
    }
    if (this.#caRequest && isProtected) {
      const ca = this.#ca!;
      this.#caRequest = undefined;
      if (inner.tag !== 0x80) return status(SW.WRONG_DATA);
      const keys = ca.agree(inner.value);
      if (!keys) return status(SW.WRONG_DATA);
      const terminalKey = inner.value;
      return { response: { data: encodeTlv(0x7c, new Uint8Array()), sw: SW.SUCCESS }, after: () => this.#rekey(keys, terminalKey) };
    }
    if (isProtected) return status(SW.CONDITIONS_OF_USE_NOT_SATISFIED);
    if (!this.#pace) {
      const req = this.#paceRequest;
      if (!req || !req.protocol) return status(SW.CONDITIONS_OF_USE_NOT_SATISFIED);
      // PACE-CAM needs the static Chip Authentication key on the PACE curve (9303-11 §4.4.3.5).
      let camKey: bigint | undefined;
      if (req.protocol.mapping === 'CAM') {
        if (!this.#ca || curveByParameterId(req.parameterId).name !== this.#ca.curve.name) return status(SW.REFERENCED_DATA_NOT_FOUND);
        camKey = this.#ca.privateScalar;
      }
      this.#pace = new PaceChipSession(req.protocol, req.parameterId, req.password, this.#random, camKey);
    }
    const outcome = this.#pace.step(inner.tag, inner.value);
    if (outcome.kind === 'error') {
      this.#endSession();
      return status(outcome.sw);
    }
    if (outcome.kind === 'continue') return ok(outcome.response);
    this.#pace = undefined;
    this.#paceRequest = undefined;
    return {
      response: { data: outcome.response, sw: SW.SUCCESS },
      after: () => {
        this.#startSession(outcome.session, 'PACE');
        // TR-03110-3 (TA after PACE): ID_PICC = Comp(PK_PICC), the x-coordinate of the chip's ephemeral key.
        const pk = outcome.chipEphemeralPublicKey;
        this.#idPicc = pk.subarray(1, 1 + (pk.length - 1) / 2);
      },
    };
  }

  // --- Active Authentication ----------------------------------------------------------------

  #internalAuthenticate(apdu: CommandApdu): Reply {
    const key = this.#options.activeAuthentication;
    if (!key || this.#access === 'none') return status(SW.SECURITY_STATUS_NOT_SATISFIED);
    if (apdu.p1 !== 0 || apdu.p2 !== 0) return status(SW.INCORRECT_P1P2);
    if (apdu.data.length !== 8) return status(SW.WRONG_LENGTH);
    return ok(activeAuthenticationSign(key, apdu.data, this.#random));
  }
}

/** OID content octets (no tag/length) → dotted string; undefined when malformed. */
function decodeOid(value: Uint8Array): string | undefined {
  const der = new Uint8Array(value.length + 2);
  if (value.length > 127) return undefined;
  der[0] = 0x06;
  der[1] = value.length;
  der.set(value, 2);
  const parsed = asn1js.fromBER(der);
  if (parsed.offset === -1 || !(parsed.result instanceof asn1js.ObjectIdentifier)) return undefined;
  return parsed.result.valueBlock.toString();
}
