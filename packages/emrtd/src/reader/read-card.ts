/**
 * Reading a document end to end, as an inspection system does (9303-11 §4.2 and §6): EF.CardAccess,
 * PACE where offered (falling back to BAC), secure messaging, EF.COM / EF.SOD / DG14, Chip
 * Authentication when DG14 offers it (else Active Authentication when DG15 is present), the
 * remaining data groups, then passive authentication and parsing. Card-side refusals of single
 * files (6982: needs terminal authentication) are noted, not fatal.
 */
import { performBac } from '../bac/reader.ts';
import type { RandomSource } from '../bac/reader.ts';
import { performChipAuthentication } from '../ca/reader.ts';
import { performActiveAuthentication } from '../aa/reader.ts';
import type { ActiveAuthenticationResult } from '../aa/reader.ts';
import { command } from '../iso7816/apdu.ts';
import { CardChannel } from '../iso7816/channel.ts';
import type { Transceiver } from '../iso7816/transceiver.ts';
import { EmrtdError } from '../errors.ts';
import { LDS1_AID, fileByName } from '../chip/files.ts';
import { decodeCardAccess, decodeDg14 } from '../lds/security-infos.ts';
import type { SecurityInfo } from '../lds/security-infos.ts';
import { decodeCom } from '../lds/com.ts';
import { decodeDg1 } from '../lds/dg1.ts';
import { decodeDg2 } from '../lds/dg2.ts';
import { decodeDg13 } from '../lds/dg13.ts';
import type { Dg13Fields } from '../lds/dg13.ts';
import { decodeDg15 } from '../lds/dg15.ts';
import { decodeSod } from '../lds/sod.ts';
import { mrzKeyInfo } from '../mrz/key-info.ts';
import type { Mrz, MrzKeyInfo } from '../mrz/types.ts';
import { performPace, isSupportedPaceOffer } from '../pace/reader.ts';
import { verifyChipAuthenticationMapping } from '../pace/cam.ts';
import { paceProtocol } from '../pace/oids.ts';
import { decodeCardSecurity } from '../lds/card-security.ts';
import { curveFromSpki } from '../crypto/ec-keys.ts';
import { curveByParameterId, encodePoint } from '../crypto/curves.ts';
import { performTerminalAuthentication, type TerminalCredentials } from '../eac/reader.ts';
import { mrzInformation } from '../mrz/key-info.ts';
import type { PaceOffer } from '../pace/reader.ts';
import { CardStatusError } from '../iso7816/errors.ts';
import { SW } from '../iso7816/status.ts';
import { ReadCardError } from './errors.ts';
import { readFile } from './read-file.ts';

export interface ReadCardOptions {
  /** The MRZ (text lines or parsed key fields) for BAC / PACE with the MRZ. */
  mrz?: string | readonly string[] | MrzKeyInfo;
  /** Card access number, for PACE with a CAN. */
  can?: string;
  /** Skip PACE even where offered (BAC only). */
  accessProtocol?: 'auto' | 'BAC' | 'PACE';
  /** Ask for large chunks with extended-length APDUs (fewer round trips; the card must support them). */
  extendedLength?: boolean;
  random?: RandomSource;
  /**
   * An inspection system's certificate chain and key for Terminal Authentication (9303-11 §7.1):
   * after Chip Authentication, so that the chip releases DG3 (fingerprints) / DG4 (iris).
   */
  terminal?: TerminalCredentials;
}

export interface AuthenticationStep {
  status: 'success' | 'failed' | 'not-offered';
  oid?: string;
  error?: { code: string; message: string; sw?: number };
}

export interface CardReadResult {
  accessProtocol: 'PACE' | 'BAC';
  pace?: { oid: string; parameterId: number };
  /** Why PACE was not used although offered (falls back to BAC). */
  paceFallback?: { code: string; message: string; sw?: number };
  chipAuthentication: AuthenticationStep;
  /** Terminal Authentication, when `terminal` credentials were given. */
  terminalAuthentication: AuthenticationStep & { rights?: number };
  activeAuthentication: AuthenticationStep & Partial<ActiveAuthenticationResult>;
  /** Raw bytes of every file read, by name (`EF.COM`, `EF.SOD`, `EF.CardAccess`, `DG1`…). */
  files: Record<string, Uint8Array>;
  /** Files the card refused (6982, e.g. DG3/DG4 behind terminal authentication). */
  denied: string[];
  /** Files listed in EF.COM / EF.SOD that the card does not have (6A82). */
  missing: string[];
  parsed: {
    mrz?: Mrz;
    mrzLines?: string[];
    dg13?: Dg13Fields;
    faceImages: { mime: string | undefined; width: number; height: number; data: Uint8Array }[];
  };
  /** Problems parsing individual files (the bytes are still in `files`). */
  parseErrors: Array<{ file: string; code: string; message: string }>;
}

function errorInfo(e: unknown): { code: string; message: string; sw?: number } {
  const sw = typeof (e as { sw?: unknown })?.sw === 'number' ? (e as { sw: number }).sw : undefined;
  if (e instanceof EmrtdError) return { code: e.code, message: e.message, ...(sw ? { sw } : {}) };
  return { code: 'ERR_UNEXPECTED', message: e instanceof Error ? e.message : String(e) };
}

function keyInfo(mrz: ReadCardOptions['mrz']): MrzKeyInfo | undefined {
  if (mrz === undefined) return undefined;
  if (typeof mrz === 'string' || Array.isArray(mrz)) return mrzKeyInfo(mrz as string | readonly string[]);
  return mrz as MrzKeyInfo;
}

async function selectApplication(channel: CardChannel): Promise<void> {
  const r = await channel.send(command(0x00, 0xa4, 0x04, 0x0c, LDS1_AID));
  if (r.sw !== SW.SUCCESS) throw new CardStatusError(r.sw, 'SELECT eMRTD application');
}

/** Reads a card over `transceiver`: access control, secure messaging, all readable files, CA/AA. */
export async function readCardFiles(transceiver: Transceiver, options: ReadCardOptions): Promise<CardReadResult> {
  const channel = new CardChannel(transceiver);
  const files: Record<string, Uint8Array> = {};
  const denied: string[] = [];
  const missing: string[] = [];
  const parseErrors: CardReadResult['parseErrors'] = [];
  const mrz = keyInfo(options.mrz);
  if (!mrz && !options.can) throw new ReadCardError('an MRZ or a CAN is needed to open the chip');
  const random = options.random;

  // 1. EF.CardAccess, readable without authentication (9303-11 §4.2).
  let offers: PaceOffer[] = [];
  const cardAccess = await readFile(channel, 0x011c).catch(() => undefined);
  if (cardAccess?.status === 'ok') {
    files['EF.CardAccess'] = cardAccess.bytes;
    try {
      offers = decodeCardAccess(cardAccess.bytes)
        .filter((i): i is Extract<SecurityInfo, { kind: 'PACEInfo' }> => i.kind === 'PACEInfo')
        .map((i) => ({ oid: i.protocol, ...(i.parameterId !== undefined ? { parameterId: i.parameterId } : {}) }));
    } catch (e) {
      parseErrors.push({ file: 'EF.CardAccess', ...errorInfo(e) });
    }
  }

  // 2. Access control: PACE first where offered, falling back to BAC.
  let accessProtocol: 'PACE' | 'BAC' | undefined;
  let pace: CardReadResult['pace'];
  let idPicc: Uint8Array | undefined;
  /** PACE-CAM: CA_IC and PK_Map,IC, checked against the chip's static key (9303-11 §4.4.3.5.2). */
  let cam: { caIc: bigint; pkMapIc: Uint8Array; curveId: number } | undefined;
  let camVerdict: boolean | undefined;
  let paceFallback: CardReadResult['paceFallback'];
  const usable = offers.filter(isSupportedPaceOffer).sort((a, b) => rankPace(b) - rankPace(a));
  const openAccess = async (): Promise<void> => {
    accessProtocol = undefined;
    if (options.accessProtocol !== 'BAC' && usable.length > 0) {
      try {
        // A CAN given is used for PACE (it is the password printed for that); the MRZ stays for BAC.
        const secret = options.can ? { can: options.can } : { mrz: mrz! };
        const r = await performPace(channel, secret, usable[0]!, random ? { random } : {});
        pace = { oid: r.oid, parameterId: r.parameterId };
        idPicc = r.chipEphemeralPublicKey.subarray(1, 1 + (r.chipEphemeralPublicKey.length - 1) / 2);
        accessProtocol = 'PACE';
        if (r.cam) {
          cam = { caIc: r.cam.caIc, pkMapIc: r.cam.pkMapIc, curveId: r.parameterId };
          // EF.CardSecurity (MF, before the application is selected) holds the chip's static key.
          const cs = await readFile(channel, 0x011d).catch(() => undefined);
          if (cs?.status === 'ok') {
            files['EF.CardSecurity'] = cs.bytes;
            try {
              const key = decodeCardSecurity(cs.bytes).securityInfos.find((i) => i.kind === 'ChipAuthenticationPublicKeyInfo');
              if (key) camVerdict = verifyCam(cam, key.subjectPublicKeyInfo);
            } catch (e) {
              parseErrors.push({ file: 'EF.CardSecurity', ...errorInfo(e) });
            }
          }
        }
        await selectApplication(channel);
        return;
      } catch (e) {
        channel.sm = undefined;
        if (options.accessProtocol === 'PACE' || !mrz) {
          const info = errorInfo(e);
          throw new ReadCardError(`PACE with the ${options.can ? 'CAN' : 'MRZ'} failed: ${info.message}`, info.sw ?? 0, { cause: e });
        }
        paceFallback = errorInfo(e);
      }
    } else if (options.accessProtocol === 'PACE') {
      throw new ReadCardError('the card offers no PACE parameters we support');
    } else if (offers.length > 0) {
      paceFallback = { code: 'ERR_PACE_UNSUPPORTED', message: `PACE offered only as ${offers.map((o) => `${o.oid}/${o.parameterId}`).join(', ')}` };
    }
    if (!mrz) throw new ReadCardError('BAC needs the MRZ');
    await selectApplication(channel);
    await performBac(channel, mrz, random);
    idPicc = new TextEncoder().encode(mrzInformation(mrz).slice(0, 10));
    accessProtocol = 'BAC';
  };
  await openAccess();

  const read = async (name: string): Promise<Uint8Array | undefined> => {
    const entry = fileByName(name)!;
    const r = await readFile(channel, entry.fid, { extendedLength: options.extendedLength ?? false });
    if (r.status === 'ok') {
      files[name] = r.bytes;
      return r.bytes;
    }
    (r.status === 'denied' ? denied : missing).push(name);
    return undefined;
  };

  // 3. EF.COM and EF.SOD; the data groups are the union of both lists.
  const com = await read('EF.COM');
  const sod = await read('EF.SOD');
  const groups = new Set<number>();
  if (com) {
    try {
      for (const n of decodeCom(com).dataGroups) groups.add(n);
    } catch (e) {
      parseErrors.push({ file: 'EF.COM', ...errorInfo(e) });
    }
  }
  if (sod) {
    try {
      for (const n of decodeSod(sod).ldsSecurityObject.dataGroupHashes.keys()) groups.add(n);
    } catch (e) {
      parseErrors.push({ file: 'EF.SOD', ...errorInfo(e) });
    }
  }
  if (!com && !sod) throw new ReadCardError('neither EF.COM nor EF.SOD could be read');

  // 4. Chip Authentication with DG14's key (9303-11 §6.2), before the other data groups.
  let chipAuthentication: AuthenticationStep = { status: 'not-offered' };
  let terminalAuthentication: CardReadResult['terminalAuthentication'] = { status: 'not-offered' };
  let aaAlgorithm: string | undefined;
  if (groups.has(14)) {
    const dg14 = await read('DG14');
    let infos: SecurityInfo[] = [];
    if (dg14) {
      try {
        infos = decodeDg14(dg14);
      } catch (e) {
        parseErrors.push({ file: 'DG14', ...errorInfo(e) });
      }
    }
    aaAlgorithm = infos.find((i) => i.kind === 'ActiveAuthenticationInfo')?.signatureAlgorithm as string | undefined;
    const caInfo = infos.find((i) => i.kind === 'ChipAuthenticationInfo') as Extract<SecurityInfo, { kind: 'ChipAuthenticationInfo' }> | undefined;
    const keys = infos.filter((i) => i.kind === 'ChipAuthenticationPublicKeyInfo') as Extract<SecurityInfo, { kind: 'ChipAuthenticationPublicKeyInfo' }>[];
    const key = keys.find((k) => caInfo?.keyId === undefined || k.keyId === caInfo.keyId) ?? keys[0];
    // PACE-CAM without EF.CardSecurity: the key of DG14 (its hash is checked by passive authentication).
    if (cam && camVerdict === undefined && key) camVerdict = verifyCam(cam, key.subjectPublicKeyInfo);
    if (cam && camVerdict !== undefined) {
      chipAuthentication = camVerdict
        ? { status: 'success', oid: pace!.oid }
        : { status: 'failed', oid: pace!.oid, error: { code: 'ERR_PACE_CAM', message: 'PACE-CAM: the chip does not hold the Chip Authentication key' } };
    }
    // Chip Authentication proper, unless PACE-CAM already authenticated the chip; Terminal
    // Authentication binds to a CA key exchange, so with terminal credentials CA runs anyway.
    if (key && (chipAuthentication.status === 'not-offered' || (options.terminal && camVerdict))) {
      const oid = caInfo?.protocol ?? '0.4.0.127.0.7.2.2.3.2.1'; // 9303-11 §6.2: without ChipAuthenticationInfo, 3DES
      const proof = com ?? sod!;
      try {
        const ca = await performChipAuthentication(channel, { oid, subjectPublicKeyInfo: key.subjectPublicKeyInfo, ...(key.keyId !== undefined ? { keyId: key.keyId } : {}) },
          { fileId: com ? 0x011e : 0x011d, expected: proof.subarray(0, Math.min(proof.length, 16)) }, random);
        chipAuthentication = { status: 'success', oid };
        // 9303-11 §7.1 (EAC1): Terminal Authentication follows Chip Authentication. The terminal
        // first reads EF.CVCA (TR-03110-3 B.11.1), which names the CVCAs the chip trusts.
        if (options.terminal && idPicc) {
          const cvca = await readFile(channel, fileByName('EF.CVCA')!.fid, { toEndOfFile: true }).catch(() => undefined);
          if (cvca?.status === 'ok') files['EF.CVCA'] = cvca.bytes;
          const eph = ca.ephemeralPublicKey;
          try {
            const ta = await performTerminalAuthentication(channel, { ...options.terminal, idPicc, ephemeralX: eph.subarray(1, 1 + (eph.length - 1) / 2) });
            terminalAuthentication = { status: 'success', rights: ta.rights };
          } catch (e) {
            terminalAuthentication = { status: 'failed', error: errorInfo(e) };
          }
        }
      } catch (e) {
        chipAuthentication = { status: 'failed', oid, error: errorInfo(e) };
        // The card dropped the session; open a new one to read the rest (its data stays unauthenticated).
        channel.sm = undefined;
        await openAccess();
      }
    }
  }

  // 5. The other data groups.
  for (const n of [...groups].sort((a, b) => a - b)) {
    if (n === 14) continue;
    await read(`DG${n}`);
  }

  // 6. Active Authentication when the chip did not do Chip Authentication (9303-11 §6.1).
  let activeAuthentication: CardReadResult['activeAuthentication'] = { status: 'not-offered' };
  if (chipAuthentication.status !== 'success' && files.DG15) {
    try {
      const { publicKey } = decodeDg15(files.DG15);
      const r = await performActiveAuthentication(channel, publicKey, { ...(aaAlgorithm ? { signatureAlgorithm: aaAlgorithm } : {}), ...(random ? { random } : {}) });
      activeAuthentication = { ...r, status: r.valid ? 'success' : 'failed' };
    } catch (e) {
      activeAuthentication = { status: 'failed', error: errorInfo(e) };
    }
  }

  // 7. Parsing.
  const parsed: CardReadResult['parsed'] = { faceImages: [] };
  if (files.DG1) {
    try {
      const dg1 = decodeDg1(files.DG1);
      parsed.mrzLines = dg1.lines;
      if (dg1.mrz) parsed.mrz = dg1.mrz;
      if (dg1.mrzError) parseErrors.push({ file: 'DG1', ...errorInfo(dg1.mrzError) });
    } catch (e) {
      parseErrors.push({ file: 'DG1', ...errorInfo(e) });
    }
  }
  if (files.DG2) {
    try {
      parsed.faceImages = decodeDg2(files.DG2).faces.map((f) => ({ mime: f.mime, width: f.width, height: f.height, data: f.data }));
    } catch (e) {
      parseErrors.push({ file: 'DG2', ...errorInfo(e) });
    }
  }
  if (files.DG13) {
    try {
      parsed.dg13 = decodeDg13(files.DG13).fields;
    } catch (e) {
      parseErrors.push({ file: 'DG13', ...errorInfo(e) });
    }
  }

  return {
    accessProtocol: accessProtocol!,
    ...(pace ? { pace } : {}),
    ...(paceFallback ? { paceFallback } : {}),
    chipAuthentication,
    terminalAuthentication,
    activeAuthentication,
    files,
    denied,
    missing,
    parsed,
    parseErrors,
  };
}

/** Prefer chip authentication mapping, then AES over 3DES and larger keys (9303-11 §9.2.1 lets the card offer several). */
function rankPace(o: PaceOffer): number {
  const cipher = Number(o.oid.split('.').pop());
  return (cipher === 1 ? 0 : cipher) + (paceProtocol(o.oid)?.mapping === 'CAM' ? 10 : 0);
}

function verifyCam(cam: { caIc: bigint; pkMapIc: Uint8Array; curveId: number }, spki: Uint8Array): boolean {
  try {
    const { curve, point } = curveFromSpki(spki);
    if (curve.name !== curveByParameterId(cam.curveId).name) return false;
    return verifyChipAuthenticationMapping(curve, cam.caIc, encodePoint(point), cam.pkMapIc);
  } catch {
    return false;
  }
}
