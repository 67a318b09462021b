// How long each signing key is used and how long what it signed must verify, and when to
// replace it. Pure functions of the policy and the clock.
//
// Defaults follow 9303-12 §5.1 (Table 1, typical values): a CSCA signs for 3–5 years, a
// Document Signer for at most 3 months; a certificate stays valid for the usage period plus the
// life of the longest document signed at its end. For the identity card that life is the card's
// validity (cards/expiry.ts): the longest finite one is a card issued just under 2 years before 40,
// valid until 60 (≈ 22 years), so Document Signer certificates outlive their usage by 23 years.
// Cards issued at 60 or later never expire; their QR codes must verify for ever, so card QR keys
// stay published without end (verifyDays null). Their chips rely on a Document Signer
// certificate that ends 23 years after it last signed (docs/keys.md says why and what follows).
import type { CurveName } from '../keys/curves.ts';
import { curveByName } from '../keys/curves.ts';

export const KEY_ROLES = ['csca', 'document-signer', 'master-list-signer', 'card-qr', 'document', 'cvca', 'document-verifier'] as const;
export type KeyRole = (typeof KEY_ROLES)[number];

/** Roles whose keys the CSCA certifies with X.509 (card-qr and document keys are published as bare JWKs). */
export const CERTIFIED_ROLES: readonly KeyRole[] = ['csca', 'document-signer', 'master-list-signer'];

/**
 * Roles of Extended Access Control (9303-11 §7, TR-03110-3 §2.2), certified with card-verifiable
 * certificates: the CVCA the chips trust (self-signed) and the production centre's domestic
 * Document Verifier, which the CVCA certifies and which certifies inspection systems.
 */
export const CV_CERTIFIED_ROLES: readonly KeyRole[] = ['cvca', 'document-verifier'];

export interface RolePolicy {
  curve: CurveName;
  /** Private key usage period, in days. */
  usageDays: number;
  /** A new key replaces the current one this many days before the current usage period ends. */
  rotateBeforeDays: number;
  /** Days after the usage period during which signatures must still verify; null: for ever. */
  verifyDays: number | null;
}

export type PkiPolicy = Record<KeyRole, RolePolicy>;

const DS_VERIFY_DAYS = 23 * 366;
const DS_USAGE_DAYS = 90;

export const DEFAULT_PKI_POLICY: PkiPolicy = {
  // The CSCA must outlive every Document Signer certificate it issues until its last day of use.
  csca: { curve: 'brainpoolP256r1', usageDays: 3 * 365, rotateBeforeDays: 90, verifyDays: DS_USAGE_DAYS + DS_VERIFY_DAYS },
  'document-signer': { curve: 'brainpoolP256r1', usageDays: DS_USAGE_DAYS, rotateBeforeDays: 7, verifyDays: DS_VERIFY_DAYS },
  // A master list is replaced by the next one; its signer needs to verify a little longer than it signs.
  'master-list-signer': { curve: 'brainpoolP256r1', usageDays: 365, rotateBeforeDays: 30, verifyDays: 90 },
  'card-qr': { curve: 'P-256', usageDays: 365, rotateBeforeDays: 30, verifyDays: null },
  document: { curve: 'P-256', usageDays: 365, rotateBeforeDays: 30, verifyDays: 10 * 366 },
  // The chips a CVCA was written into trust it for their whole life (TR-03110-3 §2.3: a successor
  // reaches them through a link certificate it signs before it is destroyed).
  cvca: { curve: 'brainpoolP256r1', usageDays: 3 * 365, rotateBeforeDays: 90, verifyDays: DS_VERIFY_DAYS },
  // A domestic DV certificate lasts as long as its key is used: the inspection system
  // certificates it issues end before it does (TR-03110-3 §2.2.3 has 1–3 months in practice).
  'document-verifier': { curve: 'brainpoolP256r1', usageDays: 90, rotateBeforeDays: 7, verifyDays: 0 },
};

const DAY = 864e5;

export interface KeyPeriods {
  usageFrom: Date;
  usageUntil: Date;
  verifyUntil: Date | null;
}

export function periodsFor(policy: RolePolicy, from: Date): KeyPeriods {
  const usageUntil = new Date(from.getTime() + policy.usageDays * DAY);
  return { usageFrom: from, usageUntil, verifyUntil: policy.verifyDays === null ? null : new Date(usageUntil.getTime() + policy.verifyDays * DAY) };
}

/** True when the key in use must be replaced now: its usage ends within `rotateBeforeDays`. */
export function rotationDue(current: { usageUntil: Date }, policy: RolePolicy, now: Date): boolean {
  return now.getTime() >= current.usageUntil.getTime() - policy.rotateBeforeDays * DAY;
}

/**
 * The policy with overrides from the environment: CANCUOC_PKI_<ROLE>_USAGE_DAYS,
 * _ROTATE_BEFORE_DAYS, _VERIFY_DAYS ("forever" for none) and _CURVE, where <ROLE> is the role in
 * capitals with '_' (CANCUOC_PKI_DOCUMENT_SIGNER_USAGE_DAYS=30).
 */
export function pkiPolicyFromEnv(env: NodeJS.ProcessEnv = process.env, base: PkiPolicy = DEFAULT_PKI_POLICY): PkiPolicy {
  const out = { ...base } as PkiPolicy;
  for (const role of KEY_ROLES) {
    const prefix = `CANCUOC_PKI_${role.toUpperCase().replace(/-/g, '_')}_`;
    const days = (name: string, min: number) => {
      const raw = env[prefix + name];
      if (raw === undefined || raw === '') return undefined;
      if (!/^\d{1,6}$/.test(raw) || Number(raw) < min) throw new Error(`${prefix + name} must be a whole number of days ≥ ${min}, got "${raw}"`);
      return Number(raw);
    };
    const p = { ...base[role] };
    p.usageDays = days('USAGE_DAYS', 1) ?? p.usageDays;
    p.rotateBeforeDays = days('ROTATE_BEFORE_DAYS', 0) ?? p.rotateBeforeDays;
    const verify = env[prefix + 'VERIFY_DAYS'];
    if (verify === 'forever') p.verifyDays = null;
    else p.verifyDays = days('VERIFY_DAYS', 0) ?? p.verifyDays;
    if (env[prefix + 'CURVE']) p.curve = curveByName(env[prefix + 'CURVE']!).name;
    out[role] = p;
  }
  return checkPolicy(out);
}

/** Refuses a policy whose keys could not do their job; returns it unchanged otherwise. */
export function checkPolicy(policy: PkiPolicy): PkiPolicy {
  for (const role of KEY_ROLES) {
    const p = policy[role];
    if (p.rotateBeforeDays >= p.usageDays) throw new Error(`${role}: rotating ${p.rotateBeforeDays} days before the end of a ${p.usageDays}-day usage period leaves no time to use the key`);
    if ((role === 'card-qr' || role === 'document') && !curveByName(p.curve).jose) throw new Error(`${role} keys sign COSE and JWS, which need a P-256, P-384 or P-521 key, not ${p.curve}`);
  }
  // TR-03110-3 C.3.3: every key of a Terminal Authentication chain is on the CVCA's curve.
  if (policy['document-verifier'].curve !== policy.cvca.curve) throw new Error(`the document verifier's curve (${policy['document-verifier'].curve}) must be the CVCA's (${policy.cvca.curve})`);
  // Path validation checks every certificate of the path at the time of verification (RFC 5280
  // §6.1.3 (a)(2)): a certificate issued on the CSCA's last day of use is only as good as the
  // CSCA certificate, which must therefore last as long.
  for (const role of ['document-signer', 'master-list-signer'] as const) {
    const need = policy[role].usageDays + (policy[role].verifyDays ?? Infinity);
    if ((policy.csca.verifyDays ?? Infinity) < need) throw new Error(`the CSCA must verify for at least ${need} days after its usage period to cover ${role} certificates`);
  }
  return policy;
}
