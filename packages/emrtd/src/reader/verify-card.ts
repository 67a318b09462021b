/**
 * `readCard`: read (read-card.ts) then passive authentication (pa/) of what was read — the whole
 * inspection of 9303-11 §5–6 in one call, for relying parties.
 */
import { passiveAuthentication } from '../pa/passive-auth.ts';
import type { PassiveAuthResult } from '../pa/passive-auth.ts';
import { TrustStore } from '../pa/trust-store.ts';
import { verifyCardSecurity, type CardSecurityVerdict } from '../pa/card-security.ts';
import type { Transceiver } from '../iso7816/transceiver.ts';
import { readCardFiles } from './read-card.ts';
import type { CardReadResult, ReadCardOptions } from './read-card.ts';

export interface TrustInput {
  /** CSCA certificates, PEM or DER (one file may hold several PEM certificates). */
  cscas?: ReadonlyArray<Uint8Array | string>;
  /** ICAO CSCA master lists (CMS, DER or PEM). */
  masterLists?: ReadonlyArray<Uint8Array | string>;
  crls?: ReadonlyArray<Uint8Array | string>;
}

export interface VerifyCardOptions extends ReadCardOptions {
  /** Trust anchors, or a prepared TrustStore (reuse one across reads: it caches chain verdicts). */
  trust: TrustInput | TrustStore;
  /** Date at which certificates are judged; now by default. */
  at?: Date;
}

export interface CardVerification extends CardReadResult {
  passive: PassiveAuthResult;
  /** Passive authentication of EF.CardSecurity, when the card has one (PACE-CAM cards). */
  cardSecurity?: CardSecurityVerdict;
  /**
   * Overall verdict: passive authentication valid, and the chip proved genuine by Chip or Active
   * Authentication when it offers one (a chip offering neither can only be judged by PA).
   */
  valid: boolean;
}

const bytes = (b: Uint8Array | string): Uint8Array => (typeof b === 'string' ? new TextEncoder().encode(b) : b);

export function trustStoreOf(trust: TrustInput | TrustStore): TrustStore {
  if (trust instanceof TrustStore) return trust;
  const store = new TrustStore();
  for (const c of trust.cscas ?? []) store.addCertificates(bytes(c));
  for (const m of trust.masterLists ?? []) store.addMasterList(bytes(m));
  for (const c of trust.crls ?? []) store.addCrl(bytes(c));
  return store;
}

/** Reads the card over `transceiver` and verifies it. Throws only when the chip cannot be opened or read. */
export async function readCard(transceiver: Transceiver, options: VerifyCardOptions): Promise<CardVerification> {
  const store = trustStoreOf(options.trust);
  const result = await readCardFiles(transceiver, options);
  const dataGroups = new Map<number, Uint8Array>();
  for (const [name, b] of Object.entries(result.files)) {
    const m = /^DG(\d+)$/.exec(name);
    if (m) dataGroups.set(Number(m[1]), b);
  }
  const sod = result.files['EF.SOD'];
  const passive: PassiveAuthResult = sod
    ? passiveAuthentication(sod, { trust: store, dataGroups, ...(options.at ? { at: options.at } : {}) })
    : { valid: false, signatureValid: false, chainValid: false, signer: null, dataGroups: {}, errors: [{ code: 'ERR_PA_NO_SOD', message: 'EF.SOD could not be read' }], hashAlgorithm: undefined };
  // Data groups the card withheld (6982) are reported by PA as `missing`; that does not void the others.
  const chipGenuine = result.chipAuthentication.status !== 'failed' && result.activeAuthentication.status !== 'failed';
  const cs = result.files['EF.CardSecurity'];
  const cardSecurity = cs ? verifyCardSecurity(cs, store, options.at) : undefined;
  return { ...result, passive, ...(cardSecurity ? { cardSecurity } : {}), valid: passive.valid && chipGenuine && (cardSecurity?.valid ?? true) };
}
