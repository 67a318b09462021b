// The application stage's SQL over its tables (migrations 050, 052). Functions taking a
// transaction end in `InTx`. The register is read through registry/service.ts, never here.
import type { Sql, Tx } from '../db/connect.ts';

export interface ApplicationRow {
  id: string; reference: string; person_id: string; kind: 'first' | 'renewal' | 'reissue' | 'lost'; reissue_reason: string | null;
  status: 'received' | 'verified' | 'approved' | 'rejected' | 'cancelled' | 'in_production' | 'produced' | 'handed_over';
  channel: 'office' | 'online'; receiving_unit_id: string; declared_changes: Record<string, unknown>;
  photo_width: number | null; photo_height: number | null; photo_bytes: number | null;
  created_by: string; created_at: Date; decided_by: string | null; decided_at: Date | null; decision_note: string | null;
  biometrics_by: string | null; updated_at: Date; version: number;
}

const COLUMNS = `id::text, reference, person_id, kind, reissue_reason, status, channel, receiving_unit_id, declared_changes,
  photo_width, photo_height, octet_length(photo_jpeg) as photo_bytes, created_by, created_at, decided_by, decided_at, decision_note,
  biometrics_by, updated_at, version`;

export async function applicationRow(sql: Sql | Tx, id: string, lock = false): Promise<ApplicationRow | undefined> {
  const [row] = await sql.unsafe<ApplicationRow[]>(`select ${COLUMNS} from card_application where id = $1 ${lock ? 'for update' : ''}`, [id]);
  return row;
}

export async function applicationOfRequestInTx(tx: Tx, requestKey: string): Promise<ApplicationRow | undefined> {
  const [row] = await tx.unsafe<ApplicationRow[]>(`select ${COLUMNS} from card_application where created_request = $1`, [requestKey]);
  return row;
}

/** The person's open application (received … in production), if any. */
export async function openApplicationOf(sql: Sql | Tx, idNumber: string): Promise<{ id: string; reference: string; status: string } | undefined> {
  const [row] = await sql<{ id: string; reference: string; status: string }[]>`
    select id::text, reference, status from card_application
    where person_id = ${idNumber} and status in ('received', 'verified', 'approved', 'in_production')`;
  return row;
}

/** HS<year>-<n>, n from card_application_ref_seq, at least 6 digits. */
export async function nextReferenceInTx(tx: Tx, year: string): Promise<string> {
  const [row] = await tx<{ n: string }[]>`select nextval('card_application_ref_seq')::text as n`;
  return `HS${year}-${row!.n.padStart(6, '0')}`;
}

export async function insertApplicationInTx(tx: Tx, a: {
  reference: string; personId: string; kind: string; reissueReason: string | null; channel: 'office' | 'online'; receivingUnitId: string;
  declaredChanges: Record<string, unknown>; createdBy: string; createdRequest: string;
}): Promise<string> {
  const [row] = await tx<{ id: string }[]>`
    insert into card_application (reference, person_id, kind, reissue_reason, channel, receiving_unit_id, declared_changes, created_by, created_request)
    values (${a.reference}, ${a.personId}, ${a.kind}, ${a.reissueReason}, ${a.channel}, ${a.receivingUnitId},
            ${tx.json(a.declaredChanges as never)}, ${a.createdBy}, ${a.createdRequest})
    returning id::text`;
  return row!.id;
}

export async function setPhotoInTx(tx: Tx, id: string, p: { jpeg: Buffer; width: number; height: number; by: string }): Promise<void> {
  await tx`
    update card_application set photo_jpeg = ${p.jpeg}, photo_width = ${p.width}, photo_height = ${p.height}, biometrics_by = ${p.by},
      updated_at = now(), version = version + 1
    where id = ${id}`;
}

export interface FingerRow {
  position: number; format: 'wsq' | 'png' | 'jpeg' | 'jpeg2000' | null; width: number | null; height: number | null;
  quality: number | null; missing_reason: 'amputated' | 'bandaged' | 'congenital' | 'injured' | 'unusable' | null;
}

export async function fingerRows(sql: Sql | Tx, id: string): Promise<FingerRow[]> {
  return sql<FingerRow[]>`
    select position, format, width, height, quality, missing_reason from card_application_finger where application_id = ${id} order by position`;
}

/** Replaces the ten fingers of an application (a recapture replaces the whole set). */
export async function setFingersInTx(tx: Tx, id: string, by: string, fingers: (Omit<FingerRow, 'position'> & { position: number; image: Buffer | null })[]): Promise<void> {
  await tx`delete from card_application_finger where application_id = ${id}`;
  for (const f of fingers) {
    await tx`
      insert into card_application_finger (application_id, position, image, format, width, height, quality, missing_reason)
      values (${id}, ${f.position}, ${f.image}, ${f.format}, ${f.width}, ${f.height}, ${f.quality}, ${f.missing_reason})`;
  }
  await tx`update card_application set biometrics_by = ${by}, updated_at = now(), version = version + 1 where id = ${id}`;
}

export interface CheckRow { passed: boolean; run_at: Date; run_by: string; failures: { code: string; message: string }[] }

export async function lastCheck(sql: Sql | Tx, id: string): Promise<CheckRow | undefined> {
  const [row] = await sql<CheckRow[]>`
    select passed, run_at, run_by, failures from card_application_check where application_id = ${id} order by id desc limit 1`;
  return row;
}

export async function insertCheckInTx(tx: Tx, id: string, c: { by: string; failures: { code: string; message: string }[] }): Promise<CheckRow> {
  const [row] = await tx<CheckRow[]>`
    insert into card_application_check (application_id, run_by, passed, failures)
    values (${id}, ${c.by}, ${c.failures.length === 0}, ${tx.json(c.failures as never)})
    returning passed, run_at, run_by, failures`;
  return row!;
}

export async function setStatusInTx(tx: Tx, id: string, status: ApplicationRow['status'], decision?: { by: string; note: string | null }): Promise<void> {
  if (decision) {
    await tx`
      update card_application set status = ${status}, decided_by = ${decision.by}, decided_at = now(), decision_note = ${decision.note},
        updated_at = now(), version = version + 1
      where id = ${id}`;
  } else {
    await tx`update card_application set status = ${status}, updated_at = now(), version = version + 1 where id = ${id}`;
  }
}

/** Cancelled, with the reason (decided_by stays null: 050 keeps it for approvals and rejections). */
export async function cancelInTx(tx: Tx, id: string, reason: string): Promise<void> {
  await tx`update card_application set status = 'cancelled', decision_note = ${reason}, updated_at = now(), version = version + 1 where id = ${id}`;
}

/** Other open applications of the person (the unique index allows none; the checks say so if it ever did). */
export async function otherOpenApplications(sql: Sql | Tx, idNumber: string, exceptId: string): Promise<string[]> {
  const rows = await sql<{ reference: string }[]>`
    select reference from card_application
    where person_id = ${idNumber} and id <> ${exceptId} and status in ('received', 'verified', 'approved', 'in_production')`;
  return rows.map((r) => r.reference);
}

/** The person's cards in a citizen's hand (the lifecycle stage's `card` table of migration 051). */
export async function activeCards(sql: Sql | Tx, idNumber: string): Promise<{ card_number: string; issue_date: string; expiry_date: string | null }[]> {
  return sql`select card_number, issue_date::text, expiry_date::text from card where person_id = ${idNumber} and status = 'active'`;
}

export interface ListRow { id: string; reference: string; person_id: string; kind: ApplicationRow['kind']; status: ApplicationRow['status']; channel: 'office' | 'online'; receiving_unit_id: string; created_at: Date }

/**
 * Applications received by an office (unitId), by the offices of a province (provinceId: its own
 * province-level office and those of its communes), or everywhere; newest first.
 */
export async function listApplications(sql: Sql, o: { status?: string; personId?: string; unitId?: string; provinceId?: string; limit: number; offset: number }): Promise<ListRow[]> {
  return sql<ListRow[]>`
    select a.id::text, a.reference, a.person_id, a.kind, a.status, a.channel, a.receiving_unit_id, a.created_at
    from card_application a
    ${o.provinceId ? sql`join admin_unit u on u.id = a.receiving_unit_id` : sql``}
    where true
      ${o.status ? sql`and a.status = ${o.status}` : sql``}
      ${o.personId ? sql`and a.person_id = ${o.personId}` : sql``}
      ${o.unitId ? sql`and a.receiving_unit_id = ${o.unitId}` : sql``}
      ${o.provinceId ? sql`and (u.id = ${o.provinceId} or u.province_id = ${o.provinceId})` : sql``}
    order by a.created_at desc, a.id limit ${o.limit} offset ${o.offset}`;
}

// ---- appointments ----

export async function appointmentOf(sql: Sql | Tx, id: string): Promise<{ unit_id: string; day: string; released_at: Date | null } | undefined> {
  const [row] = await sql<{ unit_id: string; day: string; released_at: Date | null }[]>`
    select unit_id, day::text, released_at from card_appointment where application_id = ${id}`;
  return row;
}

export async function capacityOf(sql: Sql | Tx, unitId: string): Promise<number | undefined> {
  const [row] = await sql<{ per_day: number }[]>`select per_day from card_office_capacity where unit_id = ${unitId}`;
  return row?.per_day;
}

export async function setCapacity(sql: Sql | Tx, unitId: string, perDay: number, by: string): Promise<void> {
  await sql`
    insert into card_office_capacity (unit_id, per_day, updated_by) values (${unitId}, ${perDay}, ${by})
    on conflict (unit_id) do update set per_day = excluded.per_day, updated_by = excluded.updated_by, updated_at = now()`;
}

export async function bookedDays(sql: Sql, unitId: string, from: string, to: string): Promise<Map<string, number>> {
  const rows = await sql<{ day: string; booked: number }[]>`
    select day::text, booked from card_appointment_day where unit_id = ${unitId} and day between ${from}::date and ${to}::date`;
  return new Map(rows.map((r) => [r.day, r.booked]));
}

/**
 * Takes one place of the office's day, or returns false when the day is full. One statement:
 * the first booking of a day inserts its counter; later ones update it only while booked <
 * capacity. Concurrent bookings of a day serialise on its row (the update re-reads the row a
 * concurrent transaction committed, PostgreSQL "EvalPlanQual"), and the table's check
 * booked <= capacity is the last line (migration 052).
 */
export async function takePlaceInTx(tx: Tx, unitId: string, day: string, capacity: number): Promise<boolean> {
  if (capacity <= 0) return false;
  const rows = await tx`
    insert into card_appointment_day (unit_id, day, capacity, booked) values (${unitId}, ${day}::date, ${capacity}, 1)
    on conflict (unit_id, day) do update set booked = card_appointment_day.booked + 1, capacity = excluded.capacity
    where card_appointment_day.booked < excluded.capacity
    returning booked`;
  return rows.length === 1;
}

export async function insertAppointmentInTx(tx: Tx, a: { applicationId: string; unitId: string; day: string; phone: string }): Promise<void> {
  await tx`insert into card_appointment (application_id, unit_id, day, phone) values (${a.applicationId}, ${a.unitId}, ${a.day}::date, ${a.phone})`;
}

/** Gives the place of a cancelled application back to its day (once). */
export async function releaseAppointmentInTx(tx: Tx, applicationId: string): Promise<void> {
  const [a] = await tx<{ unit_id: string; day: string }[]>`
    update card_appointment set released_at = now() where application_id = ${applicationId} and released_at is null returning unit_id, day::text`;
  if (a) await tx`update card_appointment_day set booked = booked - 1 where unit_id = ${a.unit_id} and day = ${a.day}::date`;
}
