// The signed revocation list of identity cards (docs/cards.md "Card status for relying parties"):
// a JWS (RFC 7515 compact serialisation) signed in the PKCS#11 token with the pki `document` key,
// whose public half is published at GET /api/v1/pki/keys — so a relying party that downloaded the
// list and the key set once checks cards offline.
//
// Why a JWS list of card numbers and not a W3C Bitstring Status List: our cards carry no
// status-list entry (neither the chip nor the signed QR names a list index), so a bitstring
// would have to be indexed by card serial over the whole number space (10^9 bits before
// compression), and a verifier would need the VC data model to read it. A list of the numbers
// that are not valid is what a CRL is (RFC 5280 §5), is read by any JOSE library, and is small:
// only cards in circulation that stopped being valid before their printed expiry are named.
//
// What is listed: cards lost, stolen, revoked or replaced (a replaced card was collected at the
// hand-over of its successor, but an uncollected one must not pass offline), until their printed
// expiry date has passed — after that the card is invalid on its face, as a CRL drops an entry
// once the certificate has expired (RFC 5280 §3.3). Cards that never expire stay listed.
//
// When: issueListInTx runs inside the transaction that changes the set, after the change, under a
// transaction-level advisory lock. Every such transaction takes the lock before it commits, so the
// list a transaction builds sees every change committed before it (READ COMMITTED: each statement
// sees what committed before it began) plus its own: the newest row always names every committed
// change, and numbers grow in commit order.
import { todayInVietnam } from '../calendar.ts';
import type { Sql, Tx } from '../db/connect.ts';
import { signJws, verifyJws } from '../keys/jws.ts';
import type { JSONWebKeySet } from 'jose';
import { ProblemError } from '../problems.ts';
import type { Services } from '../services.ts';

/** The JWS `typ` header (RFC 7515 §4.1.9) of our lists: a verifier refuses any other JWS of our key. */
export const REVOCATION_LIST_TYP = 'cancuoc-card-revocation-list+json';

/** Why a card is listed, coarse on purpose (minimal disclosure: lost and stolen are one class). */
export type ListedReason = 'lost-or-stolen' | 'revoked' | 'replaced';

export interface RevocationListEntry { cardNumber: string; reason: ListedReason; since: string }

export interface RevocationList {
  iss: string;
  /** List number: 1, 2, 3 … in issue order. */
  sequence: number;
  issuedAt: string;
  entries: RevocationListEntry[];
}

/** Card states that put a card on the list, and the class each is listed as. */
export const LISTED: Record<string, ListedReason> = { lost: 'lost-or-stolen', stolen: 'lost-or-stolen', revoked: 'revoked', replaced: 'replaced' };

/** Lists kept besides the newest (for a client that fetched one a moment ago and retries by ETag). */
const KEEP_LISTS = 10;

async function lockListInTx(tx: Tx): Promise<void> {
  await tx`select pg_advisory_xact_lock(hashtext('cancuoc.card-status-list'))`;
}

/** The entries a list issued today names, by card number. */
export async function listedCards(sql: Sql | Tx, today = todayInVietnam()): Promise<RevocationListEntry[]> {
  const rows = await sql<{ card_number: string; status: string; since: string }[]>`
    select card_number, status, to_char(status_changed_at at time zone 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD') as since
    from card
    where status in ('lost', 'stolen', 'revoked', 'replaced') and (expiry_date is null or expiry_date >= ${today}::date)
    order by card_number`;
  return rows.map((r) => ({ cardNumber: r.card_number, reason: LISTED[r.status]!, since: r.since }));
}

/**
 * Issues a new list inside the caller's transaction (after its change): the next number, signed
 * with the current `document` key in the token. A failure to sign rolls the change back with it:
 * no card changes status without a list that says so.
 */
export async function issueListInTx(services: Services, tx: Tx, now = new Date()): Promise<{ sequence: number; entries: number }> {
  const key = await services.pki.currentKey('document');
  await lockListInTx(tx);
  const [{ next }] = await tx<{ next: string }[]>`select (coalesce(max(seq), 0) + 1)::text as next from card_status_list`;
  const entries = await listedCards(tx, todayInVietnam(now));
  const list: RevocationList = { iss: 'cancuoc', sequence: Number(next), issuedAt: now.toISOString(), entries };
  const jws = await signJws(services.pki.keyStore(), list, key.label, { typ: REVOCATION_LIST_TYP, purpose: 'card-revocation-list' });
  await tx`insert into card_status_list (seq, issued_at, key_label, entries, jws) values (${next}, ${now}, ${key.label}, ${entries.length}, ${jws})`;
  // Only the newest list is served; a list is ~100 bytes per entry (10 MB at 100,000 listed
  // cards), so older ones are not kept (each signature is in the audit log as key.sign).
  await tx`delete from card_status_list where seq <= ${Number(next) - KEEP_LISTS}`;
  return { sequence: list.sequence, entries: entries.length };
}

/** The newest list (issuing the first one when none exists yet). */
export async function latestList(services: Services): Promise<{ sequence: number; jws: string; issuedAt: Date }> {
  // Ordered by the bigint column, not the text alias of the select list (which sorts 9 after 11).
  const newest = async () => (await services.sql<{ seq: string; jws: string; issued_at: Date }[]>`
    select seq::text, jws, issued_at from card_status_list order by card_status_list.seq desc limit 1`)[0];
  let row = await newest();
  if (!row) {
    await services.sql.begin((tx) => issueListInTx(services, tx));
    row = await newest();
  }
  if (!row) throw new ProblemError('service-unavailable', 'no revocation list has been issued');
  return { sequence: Number(row.seq), jws: row.jws, issuedAt: row.issued_at };
}

/** Why a list does not verify. */
export class RevocationListError extends Error {
  readonly code: 'bad-signature' | 'wrong-type' | 'wrong-key' | 'malformed';
  constructor(code: RevocationListError['code'], message: string) {
    super(message);
    this.name = 'RevocationListError';
    this.code = code;
  }
}

type PublishedJwk = JSONWebKeySet['keys'][number] & { role?: string; usageFrom?: string; usageUntil?: string };

/**
 * A relying party's check, with nothing but the published key set (the body of GET
 * /api/v1/pki/keys): the signature (RFC 7515 §5.2), the `typ`, that the key is a `document` key
 * that was in its usage period when the list was issued, and the payload's shape.
 */
export async function verifyRevocationList(jws: string, keys: { keys: PublishedJwk[] }): Promise<RevocationList> {
  let verified;
  try {
    verified = await verifyJws(jws, { keys: keys.keys });
  } catch (err) {
    throw new RevocationListError('bad-signature', `the list does not verify with the published keys: ${(err as Error).message}`);
  }
  if (verified.header.typ !== REVOCATION_LIST_TYP) throw new RevocationListError('wrong-type', `typ ${String(verified.header.typ)} is not ${REVOCATION_LIST_TYP}`);
  const key = keys.keys.find((k) => k.kid === verified.header.kid);
  if (key?.role !== 'document') throw new RevocationListError('wrong-key', `key ${String(verified.header.kid)} is not a document key`);
  let list: RevocationList;
  try {
    list = JSON.parse(new TextDecoder().decode(verified.payload)) as RevocationList;
  } catch {
    throw new RevocationListError('malformed', 'the payload is not JSON');
  }
  if (!Number.isSafeInteger(list.sequence) || list.sequence < 1 || typeof list.issuedAt !== 'string' || !Array.isArray(list.entries)) {
    throw new RevocationListError('malformed', 'the payload is not a revocation list');
  }
  const at = Date.parse(list.issuedAt);
  if (key.usageFrom && key.usageUntil && !(at >= Date.parse(key.usageFrom) && at <= Date.parse(key.usageUntil))) {
    throw new RevocationListError('wrong-key', `the list was issued at ${list.issuedAt}, outside the key's usage period`);
  }
  return list;
}
