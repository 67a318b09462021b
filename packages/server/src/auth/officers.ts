// Officers, their roles and jurisdictions, and bearer-token sessions.
// Tokens are 256-bit random strings; only their SHA-256 digest is stored, so a database dump
// does not hand out sessions. Verified tokens are cached briefly to keep the lookup path
// (thousands of requests/s) off the database; logout clears the local cache entry.
import { createHash, randomBytes } from 'node:crypto';
import type { Sql } from '../db/connect.ts';
import { ProblemError } from '../problems.ts';
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
}

export const SESSION_TTL_SECONDS = 8 * 3600;
const CACHE_TTL_MS = 30_000;

const tokenDigest = (token: string) => createHash('sha256').update(token).digest();

interface OfficerRow { id: string; username: string; display_name: string; role: Role;
  jurisdiction_id: string | null; j_level: 'province' | 'commune' | null; j_name: string | null; j_province_id: string | null }

function toOfficer(r: OfficerRow): Officer {
  return {
    id: r.id, username: r.username, displayName: r.display_name, role: r.role,
    jurisdiction: r.jurisdiction_id ? { id: r.jurisdiction_id, level: r.j_level!, name: r.j_name!, provinceId: r.j_province_id } : null,
  };
}

export class OfficerService {
  readonly #sql: Sql;
  readonly #cache = new Map<string, { officer: Officer; until: number }>();

  constructor(sql: Sql) {
    this.#sql = sql;
  }

  async create(input: { username: string; displayName: string; role: Role; jurisdictionId?: string | null; password: string }): Promise<Officer> {
    const needsJurisdiction = input.role === 'province' || input.role === 'commune';
    if (needsJurisdiction !== Boolean(input.jurisdictionId)) {
      throw new ProblemError('validation-error', needsJurisdiction
        ? `role ${input.role} needs a jurisdiction (a ${input.role} of generation 2)`
        : `role ${input.role} is national and takes no jurisdiction`, { errors: [{ pointer: '/body/jurisdictionId', message: 'jurisdiction does not fit the role' }] });
    }
    if (input.jurisdictionId) {
      const [unit] = await this.#sql<{ level: string; valid_to: string | null }[]>`select level, valid_to from admin_unit where id = ${input.jurisdictionId}`;
      if (!unit || unit.level !== input.role || unit.valid_to !== null) {
        throw new ProblemError('unknown-admin-unit', `jurisdiction ${input.jurisdictionId} is not a ${input.role} in force today`);
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
    const [row] = await this.#sql<OfficerRow[]>`
      select o.id, o.username, o.display_name, o.role, o.jurisdiction_id,
             u.level as j_level, u.name as j_name, u.province_id as j_province_id
      from officer o left join admin_unit u on u.id = o.jurisdiction_id where o.id = ${id} and o.active`;
    return row ? toOfficer(row) : undefined;
  }

  async list(): Promise<Officer[]> {
    const rows = await this.#sql<OfficerRow[]>`
      select o.id, o.username, o.display_name, o.role, o.jurisdiction_id,
             u.level as j_level, u.name as j_name, u.province_id as j_province_id
      from officer o left join admin_unit u on u.id = o.jurisdiction_id where o.active order by o.username`;
    return rows.map(toOfficer);
  }

  async login(username: string, password: string): Promise<{ token: string; expiresIn: number; officer: Officer }> {
    const [row] = await this.#sql<{ id: string; password_hash: string }[]>`
      select id, password_hash from officer where username = ${username} and active`;
    // Hash even for unknown users so that timing does not tell which usernames exist.
    const ok = await verifyPassword(password, row?.password_hash ?? 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    if (!row || !ok) throw new ProblemError('invalid-credentials');
    const token = randomBytes(32).toString('base64url');
    await this.#sql`
      insert into officer_session (token_hash, officer_id, expires_at)
      values (${tokenDigest(token)}, ${row.id}, now() + make_interval(secs => ${SESSION_TTL_SECONDS}))`;
    return { token, expiresIn: SESSION_TTL_SECONDS, officer: (await this.byId(row.id))! };
  }

  async authenticate(token: string): Promise<Officer | undefined> {
    const now = Date.now();
    const cached = this.#cache.get(token);
    if (cached && cached.until > now) return cached.officer;
    const [row] = await this.#sql<OfficerRow[]>`
      select o.id, o.username, o.display_name, o.role, o.jurisdiction_id,
             u.level as j_level, u.name as j_name, u.province_id as j_province_id
      from officer_session s join officer o on o.id = s.officer_id
      left join admin_unit u on u.id = o.jurisdiction_id
      where s.token_hash = ${tokenDigest(token)} and s.revoked_at is null and s.expires_at > now() and o.active`;
    if (!row) {
      this.#cache.delete(token);
      return undefined;
    }
    const officer = toOfficer(row);
    if (this.#cache.size > 10_000) this.#cache.clear();
    this.#cache.set(token, { officer, until: now + CACHE_TTL_MS });
    return officer;
  }

  async logout(token: string): Promise<void> {
    this.#cache.delete(token);
    await this.#sql`update officer_session set revoked_at = now() where token_hash = ${tokenDigest(token)} and revoked_at is null`;
  }
}
