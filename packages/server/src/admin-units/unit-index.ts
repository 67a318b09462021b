// The administrative units as other modules need them (the register, officers' jurisdictions),
// held in memory: ~13,400 units and their 1 July 2025 succession are immutable reference data
// (loaded by `cancuoc migrate`), and the lookup path resolves up to four addresses per request —
// doing that in process keeps the hot query to the person row alone. Built once per database
// client, on first use. Other modules reach units through this index (admin-units/service.ts),
// never through the tables.
//
// What the register asks of units (DESIGN.md §6 "Administrative units"):
//   - is this unit in force on that date (writes record the unit valid at the time);
//   - which generation-2 unit(s) an address recorded under an old unit lies in today;
//   - which generation-2 commune/province a residence puts the person in (jurisdiction);
//   - which of the 63 pre-2025 provinces a birth-registration unit stands for (ID prefix).
import type { Sql } from '../db/connect.ts';
import { ProblemError } from '../problems.ts';

export interface Unit {
  id: string;
  generation: 1 | 2;
  level: 'province' | 'commune';
  code: string;
  name: string;
  provinceId: string | null;
  validFrom: string | null;
  validTo: string | null;
}
export interface SuccessorRef { id: string; name: string; provinceId: string | null; provinceName: string | null; partial: boolean }
export interface UnitView {
  id: string;
  name: string;
  level: 'province' | 'commune';
  provinceId: string | null;
  provinceName: string | null;
  /** False for units of generation 1 (abolished on 1 July 2025). */
  current: boolean;
  /** Today's unit(s) covering the recorded one: itself when current, its successors otherwise. */
  today: SuccessorRef[];
}

export class UnitIndex {
  readonly #units: Map<string, Unit>;
  readonly #successors: Map<string, { id: string; partial: boolean }[]>;
  readonly #predecessors: Map<string, { id: string; partial: boolean }[]>;
  readonly #views = new Map<string, UnitView>();

  constructor(units: Unit[], successions: { predecessorId: string; successorId: string; partial: boolean }[]) {
    this.#units = new Map(units.map((u) => [u.id, u]));
    this.#successors = new Map();
    this.#predecessors = new Map();
    for (const s of successions) {
      push(this.#successors, s.predecessorId, { id: s.successorId, partial: s.partial });
      push(this.#predecessors, s.successorId, { id: s.predecessorId, partial: s.partial });
    }
    // Same order as admin-units' successorsOf: whole successors first, then by code.
    for (const list of this.#successors.values()) {
      list.sort((a, b) => Number(a.partial) - Number(b.partial) || this.#units.get(a.id)!.code.localeCompare(this.#units.get(b.id)!.code));
    }
  }

  get(id: string): Unit | undefined {
    return this.#units.get(id);
  }

  /** The unit, which must exist, have this level and be in force on `date`; else a 422 problem. */
  inForce(id: string, date: string, level: 'commune' | 'province' | 'any', pointer: string): Unit {
    const u = this.#units.get(id);
    if (!u) throw new ProblemError('unknown-admin-unit', `${pointer}: no administrative unit ${id}`, { errors: [{ pointer, message: 'no such unit' }] });
    if (level !== 'any' && u.level !== level) {
      throw new ProblemError('unknown-admin-unit', `${pointer}: ${u.name} (${id}) is a ${u.level}, a ${level} is needed`, { errors: [{ pointer, message: `must be a ${level}` }] });
    }
    if ((u.validFrom && date < u.validFrom) || (u.validTo && date > u.validTo)) {
      const hint = u.generation === 1 ? ' (generation-1 units ended on 2025-06-30: use the unit it became, see GET /api/v1/admin-units/' + id + ')' : ' (generation-2 units start on 2025-07-01)';
      throw new ProblemError('unknown-admin-unit', `${pointer}: ${u.name} (${id}) is not in force on ${date}${hint}`, { errors: [{ pointer, message: `not in force on ${date}` }] });
    }
    return u;
  }

  /** A recorded unit with the unit(s) it lies in today. */
  view(id: string | null): UnitView | null {
    if (id === null) return null;
    let v = this.#views.get(id);
    if (v) return v;
    const u = this.#units.get(id);
    if (!u) return null;
    const province = u.provinceId ? this.#units.get(u.provinceId) : undefined;
    const ref = (x: Unit, partial: boolean): SuccessorRef => {
      const p = x.provinceId ? this.#units.get(x.provinceId) : undefined;
      return { id: x.id, name: x.name, provinceId: x.provinceId, provinceName: p?.name ?? null, partial };
    };
    const current = u.validTo === null;
    const today = current ? [ref(u, false)] : (this.#successors.get(id) ?? []).map((s) => ref(this.#units.get(s.id)!, s.partial));
    v = { id: u.id, name: u.name, level: u.level, provinceId: u.provinceId, provinceName: province?.name ?? null, current, today };
    this.#views.set(id, v);
    return v;
  }

  /**
   * The generation-2 commune and province a residence in `id` puts the person in today. A
   * generation-1 commune split across several new ones resolves to the first whole successor
   * (or the first by code): the register cannot know which part the address is in, and an
   * officer fixes it with a residence change recorded under today's unit.
   */
  todayCommune(id: string): { communeId: string | null; provinceId: string | null } {
    const u = this.#units.get(id);
    if (!u) return { communeId: null, provinceId: null };
    if (u.validTo === null) return u.level === 'commune' ? { communeId: u.id, provinceId: u.provinceId } : { communeId: null, provinceId: u.id };
    const first = this.#successors.get(id)?.[0];
    if (!first) return { communeId: null, provinceId: null };
    return this.todayCommune(first.id);
  }

  /** Units abolished without a successor: an address recorded under one cannot be placed today. */
  withoutSuccessor(): string[] {
    return [...this.#units.values()].filter((u) => u.validTo !== null && !this.#successors.has(u.id)).map((u) => u.id).sort();
  }

  /**
   * The 3-digit code of the pre-2025 province that a birth-registration unit stands for: the ID
   * number keeps the 63-province scheme after the 2025 merger (DESIGN.md §6). Deterministic rule:
   *  - a generation-1 unit: its own province (province of a commune);
   *  - a generation-2 province: the old province with the same code (every one of the 34 kept
   *    the code of one of the provinces it was formed from; e.g. 2:79 ← 1:79 Hồ Chí Minh);
   *  - a generation-2 commune: the old province most of its predecessor communes belonged to
   *    (whole predecessors counted before partial ones), ties to the lowest code; a commune
   *    with no recorded predecessor falls back to its province's rule.
   */
  idProvinceCode(id: string): string {
    const u = this.#units.get(id);
    if (!u) throw new Error(`no unit ${id}`);
    if (u.generation === 1) return '0' + (u.level === 'province' ? u.code : this.#units.get(u.provinceId!)!.code);
    if (u.level === 'province') {
      const olds = (this.#predecessors.get(u.id) ?? []).map((p) => this.#units.get(p.id)!);
      const same = olds.find((o) => o.code === u.code) ?? olds.sort((a, b) => a.code.localeCompare(b.code))[0];
      if (!same) throw new Error(`generation-2 province ${id} has no predecessor`);
      return '0' + same.code;
    }
    const score = new Map<string, [number, number]>();
    for (const p of this.#predecessors.get(u.id) ?? []) {
      const old = this.#units.get(p.id)!;
      const code = this.#units.get(old.provinceId!)!.code;
      const s = score.get(code) ?? [0, 0];
      if (!p.partial) s[0] += 1;
      s[1] += 1;
      score.set(code, s);
    }
    const best = [...score.entries()].sort((a, b) => b[1][0] - a[1][0] || b[1][1] - a[1][1] || a[0].localeCompare(b[0]))[0];
    return best ? '0' + best[0] : this.idProvinceCode(u.provinceId!);
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const INDEXES = new WeakMap<Sql, Promise<UnitIndex>>();

/** The unit index for this database, loaded once. */
export function unitIndex(sql: Sql): Promise<UnitIndex> {
  let p = INDEXES.get(sql);
  if (!p) {
    p = loadUnitIndex(sql);
    INDEXES.set(sql, p);
    p.catch(() => INDEXES.delete(sql));
  }
  return p;
}

async function loadUnitIndex(sql: Sql): Promise<UnitIndex> {
    const units = await sql<Unit[]>`
    select id, generation, level, code, name, province_id as "provinceId", valid_from as "validFrom", valid_to as "validTo"
    from admin_unit`;
  const successions = await sql<{ predecessorId: string; successorId: string; partial: boolean }[]>`
    select predecessor_id as "predecessorId", successor_id as "successorId", partial from admin_unit_succession`;
  return new UnitIndex([...units], [...successions]);
}
