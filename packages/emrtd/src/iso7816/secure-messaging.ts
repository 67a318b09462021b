/**
 * Secure messaging of 9303-11 §9.8 for both ends of the link: the reader protects commands and
 * unprotects responses, the chip unprotects commands and protects responses. Data objects:
 * DO'87' (padding-content indicator 01 ‖ cryptogram) for even INS, DO'85' (cryptogram) for odd
 * INS whose data is BER-TLV, DO'97' (Ne), DO'99' (status word), DO'8E' (8-byte MAC).
 * Send sequence counter: 8 bytes with 3DES, 16 with AES, incremented before every command and
 * every response; with AES the IV is E(KSenc, SSC) (§9.8.6.1), with 3DES it is zero.
 */
import { aesCbcDecrypt, aesCbcEncrypt, aesCmac, aesEcbEncrypt } from '../crypto/aes.ts';
import { bigintToBytes, bytesToBigint, concat, equalBytes } from '../crypto/bytes.ts';
import { retailMac, tdesCbcDecrypt, tdesCbcEncrypt } from '../crypto/des.ts';
import type { CipherAlgorithm } from '../crypto/kdf.ts';
import { pad, unpad } from '../crypto/padding.ts';
import { decodeTlvs, encodeTlv } from '../tlv/index.ts';
import type { Tlv } from '../tlv/index.ts';
import { decodeResponse, encodeCommand, encodeResponse } from './apdu.ts';
import type { CommandApdu, ResponseApdu } from './apdu.ts';
import { SecureMessagingError } from './errors.ts';
import { SW } from './status.ts';

export interface SessionKeys {
  alg: CipherAlgorithm;
  ksEnc: Uint8Array;
  ksMac: Uint8Array;
  /** Initial send sequence counter (BAC: from the nonces, §9.8.2; PACE and CA: zero). */
  ssc: Uint8Array | bigint;
}

export class SecureMessaging {
  readonly alg: CipherAlgorithm;
  readonly blockSize: number;
  readonly #ksEnc: Uint8Array;
  readonly #ksMac: Uint8Array;
  #ssc: bigint;

  constructor(keys: SessionKeys) {
    this.alg = keys.alg;
    this.blockSize = keys.alg === '3DES' ? 8 : 16;
    this.#ksEnc = keys.ksEnc;
    this.#ksMac = keys.ksMac;
    this.#ssc = typeof keys.ssc === 'bigint' ? keys.ssc : bytesToBigint(keys.ssc);
  }

  /** Current send sequence counter, `blockSize` bytes. */
  get ssc(): Uint8Array {
    return bigintToBytes(this.#ssc, this.blockSize);
  }

  #increment(): Uint8Array {
    this.#ssc = (this.#ssc + 1n) % (1n << BigInt(8 * this.blockSize));
    return this.ssc;
  }

  #mac(ssc: Uint8Array, data: Uint8Array): Uint8Array {
    const input = pad(concat(ssc, data), this.blockSize);
    if (this.alg === '3DES') return retailMac(this.#ksMac, input, true);
    return aesCmac(this.#ksMac, input).slice(0, 8);
  }

  #encrypt(ssc: Uint8Array, plain: Uint8Array): Uint8Array {
    const padded = pad(plain, this.blockSize);
    if (this.alg === '3DES') return tdesCbcEncrypt(this.#ksEnc, padded);
    return aesCbcEncrypt(this.#ksEnc, padded, aesEcbEncrypt(this.#ksEnc, ssc));
  }

  #decrypt(ssc: Uint8Array, cryptogram: Uint8Array): Uint8Array {
    if (cryptogram.length === 0 || cryptogram.length % this.blockSize !== 0) {
      throw new SecureMessagingError('cryptogram is not a whole number of blocks', SW.SM_DATA_OBJECTS_INCORRECT);
    }
    const plain = this.alg === '3DES'
      ? tdesCbcDecrypt(this.#ksEnc, cryptogram)
      : aesCbcDecrypt(this.#ksEnc, cryptogram, aesEcbEncrypt(this.#ksEnc, ssc));
    try {
      return unpad(plain);
    } catch (e) {
      throw new SecureMessagingError('bad padding inside the cryptogram', SW.SM_DATA_OBJECTS_INCORRECT, { cause: e });
    }
  }

  /** Reader side: wraps an unprotected command into its SM form (9303-11 §9.8.4). */
  protectCommand(apdu: CommandApdu): Uint8Array {
    const ssc = this.#increment();
    const cla = (apdu.cla & 0xf0) | 0x0c;
    const header = pad(new Uint8Array([cla, apdu.ins, apdu.p1, apdu.p2]), this.blockSize);
    const odd = (apdu.ins & 1) === 1;
    const extendedNe = apdu.ne > 256 || apdu.extended === true;
    let doData: Uint8Array = new Uint8Array(0);
    if (apdu.data.length > 0) {
      const cryptogram = this.#encrypt(ssc, apdu.data);
      doData = odd ? encodeTlv(0x85, cryptogram) : encodeTlv(0x87, concat(new Uint8Array([0x01]), cryptogram));
    }
    let do97: Uint8Array = new Uint8Array(0);
    if (apdu.ne > 0) {
      const ne = apdu.ne;
      const le = extendedNe ? new Uint8Array([(ne === 65536 ? 0 : ne) >> 8, ne & 0xff]) : new Uint8Array([ne === 256 ? 0 : ne]);
      do97 = encodeTlv(0x97, le);
    }
    const mac = this.#mac(ssc, concat(header, doData, do97));
    const body = concat(doData, do97, encodeTlv(0x8e, mac));
    return encodeCommand({ cla, ins: apdu.ins, p1: apdu.p1, p2: apdu.p2, data: body, ne: extendedNe ? 65536 : 256, extended: extendedNe || body.length > 255 });
  }

  /**
   * Reader side: checks the MAC of a protected response and returns the plain data and the status
   * word of DO'99'. A bare status word (the card dropped SM, e.g. 6987/6988) throws with that SW.
   */
  unprotectResponse(bytes: Uint8Array): ResponseApdu {
    const outer = decodeResponse(bytes);
    const ssc = this.#increment();
    if (outer.data.length === 0) {
      throw new SecureMessagingError(`card answered ${outer.sw.toString(16).toUpperCase()} without secure messaging`, outer.sw);
    }
    const { cryptogram, dos, do99, do8e } = this.#parseObjects(outer.data, false);
    if (!do8e) throw new SecureMessagingError('response has no DO 8E', SW.SM_DATA_OBJECTS_MISSING);
    if (!equalBytes(this.#mac(ssc, dos), do8e.value)) {
      throw new SecureMessagingError('response MAC does not verify', SW.SM_DATA_OBJECTS_INCORRECT);
    }
    const sw = do99 && do99.value.length === 2 ? (do99.value[0]! << 8) | do99.value[1]! : outer.sw;
    const data = cryptogram ? this.#decrypt(ssc, cryptogram) : new Uint8Array(0);
    return { data, sw };
  }

  /**
   * Chip side: verifies and decrypts a protected command. Throws SecureMessagingError carrying
   * 6987 (objects missing) or 6988 (wrong MAC / malformed objects); the chip then ends the session.
   */
  unprotectCommand(apdu: CommandApdu): CommandApdu {
    const ssc = this.#increment();
    if ((apdu.cla & 0x0c) !== 0x0c) throw new SecureMessagingError('command is not protected', SW.SM_DATA_OBJECTS_MISSING);
    const header = pad(new Uint8Array([apdu.cla, apdu.ins, apdu.p1, apdu.p2]), this.blockSize);
    const { cryptogram, dos, do97, do8e } = this.#parseObjects(apdu.data, true);
    if (!do8e) throw new SecureMessagingError('command has no DO 8E', SW.SM_DATA_OBJECTS_MISSING);
    if (!equalBytes(this.#mac(ssc, concat(header, dos)), do8e.value)) {
      throw new SecureMessagingError('command MAC does not verify', SW.SM_DATA_OBJECTS_INCORRECT);
    }
    let ne = 0;
    if (do97) {
      const v = do97.value;
      if (v.length === 1) ne = v[0] === 0 ? 256 : v[0]!;
      else if (v.length === 2) ne = ((v[0]! << 8) | v[1]!) || 65536;
      else if (v.length === 0) ne = 0;
      else throw new SecureMessagingError('DO 97 longer than 2 bytes', SW.SM_DATA_OBJECTS_INCORRECT);
    }
    const data = cryptogram ? this.#decrypt(ssc, cryptogram) : new Uint8Array(0);
    return { cla: apdu.cla & ~0x0c & 0xff, ins: apdu.ins, p1: apdu.p1, p2: apdu.p2, data, ne, extended: ne > 256 };
  }

  /** Chip side: protects a response (DO'87'/DO'85' if data, DO'99', DO'8E'), 9303-11 §9.8.5. */
  protectResponse(response: ResponseApdu, ins: number): Uint8Array {
    const ssc = this.#increment();
    let doData: Uint8Array = new Uint8Array(0);
    if (response.data.length > 0) {
      const cryptogram = this.#encrypt(ssc, response.data);
      doData = (ins & 1) === 1 ? encodeTlv(0x85, cryptogram) : encodeTlv(0x87, concat(new Uint8Array([0x01]), cryptogram));
    }
    const do99 = encodeTlv(0x99, new Uint8Array([response.sw >> 8, response.sw & 0xff]));
    const mac = this.#mac(ssc, concat(doData, do99));
    return encodeResponse({ data: concat(doData, do99, encodeTlv(0x8e, mac)), sw: response.sw });
  }

  /** Splits SM data objects; `dos` is the MAC'ed part (everything before DO'8E'). */
  #parseObjects(data: Uint8Array, isCommand: boolean): { cryptogram?: Uint8Array; dos: Uint8Array; do97?: Tlv; do99?: Tlv; do8e?: Tlv } {
    let list: Tlv[];
    try {
      list = decodeTlvs(data);
    } catch (e) {
      throw new SecureMessagingError('malformed secure messaging data objects', SW.SM_DATA_OBJECTS_INCORRECT, { cause: e });
    }
    let cryptogram: Uint8Array | undefined;
    let do97: Tlv | undefined;
    let do99: Tlv | undefined;
    let do8e: Tlv | undefined;
    let macEnd = data.length;
    for (const t of list) {
      if (do8e) throw new SecureMessagingError('data object after DO 8E', SW.SM_DATA_OBJECTS_INCORRECT);
      switch (t.tag) {
        case 0x87:
          if (t.value.length < 1 || t.value[0] !== 0x01) throw new SecureMessagingError('DO 87 without padding indicator 01', SW.SM_DATA_OBJECTS_INCORRECT);
          cryptogram = t.value.subarray(1);
          break;
        case 0x85:
          cryptogram = t.value;
          break;
        case 0x97:
          if (!isCommand) throw new SecureMessagingError('DO 97 in a response', SW.SM_DATA_OBJECTS_INCORRECT);
          do97 = t;
          break;
        case 0x99:
          do99 = t;
          break;
        case 0x8e:
          if (t.value.length !== 8) throw new SecureMessagingError('DO 8E is not 8 bytes', SW.SM_DATA_OBJECTS_INCORRECT);
          do8e = t;
          macEnd = t.offset;
          break;
        default:
          throw new SecureMessagingError(`unexpected SM data object ${t.tag.toString(16)}`, SW.SM_DATA_OBJECTS_INCORRECT);
      }
    }
    return { cryptogram, dos: data.subarray(0, macEnd), do97, do99, do8e };
  }
}
