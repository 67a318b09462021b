/**
 * Builds a virtual chip from a personalised card: files + the chip's private keys. The chip's
 * behaviour follows the files, as a real chip's would after personalisation: the BAC/PACE key from
 * DG1's MRZ, PACE parameters from EF.CardAccess, the Chip Authentication protocol from DG14, the
 * Active Authentication hash from DG14's ActiveAuthenticationInfo.
 */
import type { KeyObject } from 'node:crypto';
import { hashOfAaAlgorithm } from '../aa/protocol.ts';
import { caProtocol } from '../ca/protocol.ts';
import { decodeDg1 } from '../lds/dg1.ts';
import { decodeCardAccess, decodeDg14 } from '../lds/security-infos.ts';
import type { SecurityInfo } from '../lds/security-infos.ts';
import { mrzKeyInfo } from '../mrz/key-info.ts';
import type { MrzKeyInfo } from '../mrz/types.ts';
import type { RandomSource } from '../bac/reader.ts';
import { isSupportedPaceOffer } from '../pace/reader.ts';
import type { ChipProfile } from './profile.ts';
import { VIETNAM_PROFILE } from './profile.ts';
import { VirtualChip } from './virtual-chip.ts';

export interface CardImage {
  files: Readonly<Record<string, Uint8Array>>;
  chipKeys: { ca?: KeyObject; aa?: KeyObject };
  can?: string;
  /** Terminal Authentication trust points and date (cards with EAC-protected DG3/DG4). */
  eac?: { trustPoints: readonly Uint8Array[]; date: Date };
}

export interface CreateChipOptions {
  profile?: Partial<ChipProfile>;
  random?: RandomSource;
  /** The BAC/PACE key fields, when they should not be taken from DG1. */
  accessKey?: MrzKeyInfo;
}

export function createVirtualChip(card: CardImage, options: CreateChipOptions = {}): VirtualChip {
  let mrz = options.accessKey;
  if (!mrz) {
    const dg1 = card.files.DG1;
    if (!dg1) throw new TypeError('a card needs DG1 (its MRZ keys BAC and PACE)');
    mrz = mrzKeyInfo(decodeDg1(dg1).lines);
  }
  const cardAccess: SecurityInfo[] = card.files['EF.CardAccess'] ? decodeCardAccess(card.files['EF.CardAccess']) : [];
  const paceOffers = cardAccess
    .filter((i): i is Extract<SecurityInfo, { kind: 'PACEInfo' }> => i.kind === 'PACEInfo')
    .map((i) => ({ oid: i.protocol, ...(i.parameterId !== undefined ? { parameterId: i.parameterId } : {}) }))
    .filter(isSupportedPaceOffer);
  const dg14: SecurityInfo[] = card.files.DG14 ? decodeDg14(card.files.DG14) : [];
  const caInfo = dg14.find((i) => i.kind === 'ChipAuthenticationInfo') as Extract<SecurityInfo, { kind: 'ChipAuthenticationInfo' }> | undefined;
  const aaInfo = dg14.find((i) => i.kind === 'ActiveAuthenticationInfo') as Extract<SecurityInfo, { kind: 'ActiveAuthenticationInfo' }> | undefined;
  const caProto = caInfo ? caProtocol(caInfo.protocol) : caProtocol('0.4.0.127.0.7.2.2.3.2.1');
  const profile: Partial<ChipProfile> = { ...VIETNAM_PROFILE, pace: paceOffers.length > 0, selectMasterFile: paceOffers.length > 0 ? 0x9000 : VIETNAM_PROFILE.selectMasterFile, ...options.profile };
  const aaHash = hashOfAaAlgorithm(aaInfo?.signatureAlgorithm);
  return new VirtualChip({
    files: card.files,
    mrz,
    ...(card.can ? { can: card.can } : {}),
    paceOffers,
    ...(card.chipKeys.ca && caProto ? { chipAuthentication: { protocol: caProto, privateKey: card.chipKeys.ca, ...(caInfo?.keyId !== undefined ? { keyId: caInfo.keyId } : {}) } } : {}),
    ...(card.chipKeys.aa ? { activeAuthentication: { privateKey: card.chipKeys.aa, ...(aaHash ? { hash: aaHash as 'sha256' } : {}) } } : {}),
    profile,
    ...(card.eac ? { eac: card.eac } : {}),
    ...(options.random ? { random: options.random } : {}),
  });
}
