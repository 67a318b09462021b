// Officers, their roles and jurisdictions, and bearer-token sessions.
//
// Tokens are 256-bit random strings; only their SHA-256 digest is stored, so a database dump does
// not hand out sessions. Verified tokens are cached briefly to keep the lookup path (thousands of
// requests/s) off the database. A cached session must still end at once when it is revoked in
// any process (logout, an officer disabled through the API or the CLI): revocations are
// announced with NOTIFY on SESSION_CHANNEL in the revoking transaction, every process LISTENs and
// drops what it cached; while the listening connection is down, nothing is cached at all.
import { createHash, randomBytes } from 'node:crypto';
import { unitIndex, type UnitIndex } from '../admin-units/service.ts';
import type { Sql } from '../db/connect.ts';
import { ProblemError } from '../problems.ts';
import { LoginThrottle } from './login-throttle.ts';
import { hashPassword, verifyPassword } from './passwords.ts';

export const ROLES = ['admin', 'central', 'province', 'commune', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export interface Jurisdiction { id: string; level: 'province' | 'commune'; name: string; provinceId: string | null }

export interface Officer {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  /** null for national roles (admin, central, auditor). */
  jurisdiction: Jurisdiction | null;
  /** False once disabled: no login, every session ended. */
  active: boolean;
}

export const SESSION_TTL_SECONDS = 8 * 3600;
const CACHE_TTL_MS = 30_000;
const SESSION_CHANNEL = 'cancuoc_session_revoked';

const tokenDigest = (token: string) => createHash('sha256').update(token).digest();

interface OfficerRow { id: string; username: string; display_name: string; role: Role; jurisdiction_id: string | null; active: boolean }

function toOfficer(r: OfficerRow, units: UnitIndex): Officer {
  const unit = r.jurisdiction_id ? units.get(r.jurisdiction_id) : undefined;
  return {
    id: r.id, username: r.username, displayName: r.display_name, role: r.role, active: r.active,
    jurisdiction: unit ? { id: unit.id, level: unit.level, name: unit.name, provinceId: unit.provinceId } : null,
  };
}

/** What a login attempt did, for the audit log (the caller records it). */
export interface LoginAttempt { username: string; officerId: string | null; outcome: 'success' | 'bad-credentials' | 'throttled' }

export class OfficerService {
  readonly #sql: Sql;
  readonly #cache = new Map<string, { officer: Officer; until: number }>();
  readonly #throttle: LoginThrottle;
  #listening = false;
  #listen: Promise<void> | undefined;

  constructor(sql: Sql) {
    this.#sql = sql;
    this.#throttle = new LoginThrottle(sql);
  }

  /** Starts listening for revocations (idempotent); until it listens, tokens are not cached. */
  listen(): Promise<void> {
    this.#listen ??= this.#sql.listen(SESSION_CHANNEL, (payload) => this.#forget(payload), () => {
      // (Re)connected: anything revoked while the connection was down may be cached.
      this.#cache.clear();
      this.#listening = true;
    }).then(() => undefined, () => { this.#listen = undefined; });
    return this.#listen;
  }

  /** payload: `officer:<uuid>` or `token:<sha-256 hex>`. */
  #forget(payload: string): void {
    if (payload.startsWith('officer:')) {
      const id = payload.slice('officer:'.length);
      for (const [token, entry] of this.#cache) if (entry.officer.id === id) this.#cache.delete(token);
    } else if (payload.startsWith('token:')) {
      const digest = payload.slice('token:'.length);
      for (const token of this.#cache.keys()) if (tokenDigest(token).toString('hex') === digest) this.#cache.delete(token);
    }
  }

  async create(input: { username: string; displayName: string; role: Role; jurisdictionId?: string | null; password: string }): Promise<Officer> {
    const needsJurisdiction = input.role === 'province' || input.role === 'commune';
    if (needsJurisdiction !== Boolean(input.jurisdictionId)) {
      throw new ProblemError('validation-error', needsJurisdiction
        ? `role ${input.role} needs a jurisdiction (a ${input.role} of generation 2)`
        : `role ${input.role} is national and takes no jurisdiction`, { errors: [{ pointer: '/body/jurisdictionId', message: 'jurisdiction does not fit the role' }] });
    }
    if (input.jurisdictionId) {
      const unit = (await unitIndex(this.#sql)).get(input.jurisdictionId);
      if (!unit || unit.level !== input.role || unit.validTo !== null) {
        throw new ProblemError('unknown-admin-unit', `jurisdiction ${input.jurisdictionId} is not a ${input.role} in force today`,
          { errors: [{ pointer: '/body/jurisdictionId', message: `must be a ${input.role} in force today` }] });
      }
    }
    const hash = await hashPassword(input.password);
    const rows = await this.#sql<{ id: string }[]>`
      insert into officer (username, display_name, role, jurisdiction_id, password_hash)
      values (${input.username}, ${input.displayName.normalize('NFC')}, ${input.role}, ${input.jurisdictionId ?? null}, ${hash})
      on conflict (username) do nothing returning id`;
    if (rows.length === 0) throw new ProblemError('conflict', `username ${input.username} is taken`);
    return (await this.byId(rows[0]!.id))!;
  }

  async byId(id: string): Promise<Officer | undefined> {
    const [row] = await this.#sql<OfficerRow[]>`select id, username, display_name, role, jurisdiction_id, active from officer where id = ${id}`;
    return row ? toOfficer(row, await unitIndex(this.#sql)) : undefined;
  }

  async byUsername(username: string): Promise<Officer | undefined> {
    const [row] = await this.#sql<OfficerRow[]>`select id, username, display_name, role, jurisdiction_id, active from officer where username = ${username}`;
    return row ? toOfficer(row, await unitIndex(this.#sql)) : undefined;
  }

  async list(): Promise<Officer[]> {
    const rows = await this.#sql<OfficerRow[]>`select id, username, display_name, role, jurisdiction_id, active from officer order by username`;
    const units = await unitIndex(this.#sql);
    return rows.map((r) => toOfficer(r, units));
  }

  /**
   * Username and password → a session token. Per account (per username typed, known or not, so
   * the throttle does not tell which accounts exist): after repeated failures the account waits
   * before the password is even checked (login-throttle.ts). `record` receives every attempt.
   */
  async login(username: string, password: string, record: (a: LoginAttempt) => Promise<void> = async () => {}): Promise<{ token: string; expiresIn: number; officer: Officer }> {
    const [row] = await this.#sql<{ id: string; password_hash: string; active: boolean }[]>`
      select id, password_hash, active from officer where username = ${username}`;
    const wait = await this.#throttle.secondsToWait(username);
    if (wait > 0) {
      await record({ username, officerId: row?.id ?? null, outcome: 'throttled' });
      throw new ProblemError('login-throttled', `too many failed logins for this account: try again in ${wait} s`, { retryAfter: wait });
    }
    // Hash even for unknown or disabled accounts so that timing does not tell which exist.
    const ok = await verifyPassword(password, row?.password_hash ?? 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    if (!row || !row.active || !ok) {
      await this.#throttle.failed(username);
      await record({ username, officerId: row?.id ?? null, outcome: 'bad-credentials' });
      throw new ProblemError('invalid-credentials');
    }
    await this.#throttle.succeeded(username);
    const token = randomBytes(32).toString('base64url');
    await this.#sql`
      insert into officer_session (token_hash, officer_id, expires_at)
      values (${tokenDigest(token)}, ${row.id}, now() + make_interval(secs => ${SESSION_TTL_SECONDS}))`;
    await record({ username, officerId: row.id, outcome: 'success' });
    return { token, expiresIn: SESSION_TTL_SECONDS, officer: (await this.byId(row.id))! };
  }

  async authenticate(token: string): Promise<Officer | undefined> {
    const now = Date.now();
    const cached = this.#listening ? this.#cache.get(token) : undefined;
    if (cached && cached.until > now) return cached.officer;
    const [row] = await this.#sql<OfficerRow[]>`
      select o.id, o.username, o.display_name, o.role, o.jurisdiction_id, o.active
      from officer_session s join officer o on o.id = s.officer_id
      where s.token_hash = ${tokenDigest(token)} and s.revoked_at is null and s.expires_at > now() and o.active`;
    if (!row) {
      this.#cache.delete(token);
      return undefined;
    }
    const officer = toOfficer(row, await unitIndex(this.#sql));
    if (this.#listening) {
      if (this.#cache.size > 10_000) this.#cache.clear();
      this.#cache.set(token, { officer, until: now + CACHE_TTL_MS });
    }
    return officer;
  }

  async logout(token: string): Promise<void> {
    this.#cache.delete(token);
    const digest = tokenDigest(token);
    await this.#sql.begin(async (tx) => {
      await tx`update officer_session set revoked_at = now() where token_hash = ${digest} and revoked_at is null`;
      await tx`select pg_notify(${SESSION_CHANNEL}, ${'token:' + digest.toString('hex')})`;
    });
  }

  /**
   * Disables (active = false) or re-enables an officer. Disabling ends every session at once, in
   * every process (the NOTIFY is delivered when the transaction commits). Returns the officer, or
   * undefined when there is none.
   */
  async setActive(id: string, active: boolean): Promise<Officer | undefined> {
    const changed = await this.#sql.begin(async (tx) => {
      const rows = await tx`update officer set active = ${active} where id = ${id} returning id`;
      if (rows.length === 0) return false;
      if (!active) {
        await tx`update officer_session set revoked_at = now() where officer_id = ${id} and revoked_at is null`;
        await tx`select pg_notify(${SESSION_CHANNEL}, ${'officer:' + id})`;
      }
      return true;
    });
    if (!changed) return undefined;
    if (!active) this.#forget(`officer:${id}`);
    return this.byId(id);
  }

  /** Sets a new password (the CLI's `officer password`); existing sessions are not ended. */
  async setPassword(id: string, password: string): Promise<boolean> {
    const rows = await this.#sql`update officer set password_hash = ${await hashPassword(password)} where id = ${id} returning id`;
    return rows.length > 0;
  }
}
