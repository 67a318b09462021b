// Online applications with an appointment (docs/cards.md "Online applications"): a citizen books
// a day at a police office, which creates an `online` application the office completes when the
// citizen comes (photo, fingerprints, checks). Each office accepts a number of appointments per
// day (card_office_capacity, else DEFAULT_DAILY_CAPACITY); the place is taken in SQL with a
// counter row per office and day (application-sql.ts takePlaceInTx), so concurrent bookings of the
// last place give it to exactly one.
//
// Identification until e-ID login exists (issue 16 leaves it open): the citizen gives the ID
// number, the date of birth and the full name as the register holds them, and a phone number the
// office calls. A mismatch of any of the three is one answer, `citizen-not-identified`, which does
// not say which field was wrong; every attempt, failed or not, is audited under the number given.
import { requireRole } from '../auth/access.ts';
import { appendAuditInTx } from '../audit/log.ts';
import { addDays, todayInVietnam } from '../calendar.ts';
import { ProblemError } from '../problems.ts';
import { actorOf, checkIdNumber, getPerson, invalid, nfc, unitIndex, writeTx, type Caller } from '../registry/service.ts';
import type { Services } from '../services.ts';
import { checkKind, currentOffice, normaliseChanges, openApplicationProblem } from './application-service.ts';
import type { AppointmentInput } from './application-schemas.ts';
import {
  applicationOfRequestInTx, bookedDays, capacityOf, insertApplicationInTx, insertAppointmentInTx, nextReferenceInTx, openApplicationOf,
  setCapacity as setCapacityRow, takePlaceInTx,
} from './application-sql.ts';

/** Appointments an office takes per day unless configured (a commune police office's card desk: ~20 a day). */
export const DEFAULT_DAILY_CAPACITY = 20;
/** Bookable from tomorrow up to this many days ahead. */
export const BOOKING_HORIZON_DAYS = 60;
/** Longest availability range asked at once. */
export const AVAILABILITY_MAX_DAYS = 62;

export async function availability(services: Services, q: { unit: string; from: string; to: string }) {
  const units = await unitIndex(services.sql);
  currentOffice(units, q.unit, '/querystring/unit');
  if (q.to < q.from) throw invalid('/querystring/to', 'must not be before from');
  if (addDays(q.from, AVAILABILITY_MAX_DAYS - 1) < q.to) throw invalid('/querystring/to', `at most ${AVAILABILITY_MAX_DAYS} days from from`);
  const [capacity, booked] = await Promise.all([capacityOf(services.sql, q.unit), bookedDays(services.sql, q.unit, q.from, q.to)]);
  const perDay = capacity ?? DEFAULT_DAILY_CAPACITY;
  const days = [];
  for (let d = q.from; d <= q.to; d = addDays(d, 1)) {
    const b = booked.get(d) ?? 0;
    days.push({ date: d, capacity: perDay, booked: b, available: Math.max(0, perDay - b) });
  }
  return { unit: units.view(q.unit)!, days };
}

const sameName = (a: string, b: string) => nfc(a).toLocaleLowerCase('vi') === nfc(b).toLocaleLowerCase('vi');

/**
 * POST /card-appointments (no officer login): identifies the citizen against the register, takes
 * a place of the office's day, and creates the online application, in one transaction. A retry
 * with the same X-Request-Id answers with the application it made.
 */
export async function bookAppointment(services: Services, requestId: string, input: AppointmentInput) {
  checkIdNumber(input.idNumber, '/body/idNumber');
  checkKind(input.kind, input.reissueReason, '/body');
  const units = await unitIndex(services.sql);
  currentOffice(units, input.unitId, '/body/unitId');
  const today = todayInVietnam();
  if (input.date <= today || input.date > addDays(today, BOOKING_HORIZON_DAYS)) {
    throw invalid('/body/date', `must be from ${addDays(today, 1)} to ${addDays(today, BOOKING_HORIZON_DAYS)}`);
  }
  const actor = `citizen:${input.idNumber}`;
  const person = await getPerson(services.sql, input.idNumber);
  if (!person || person.birthDate !== input.birthDate || !sameName(person.fullName, input.fullName) || person.deathDate) {
    await services.audit.record({ actor, action: 'card.appointment.identification-failed', subject: person ? input.idNumber : null, requestId, details: { unitId: input.unitId } });
    throw new ProblemError('citizen-not-identified', 'the ID number, date of birth and full name do not match one living person of the register');
  }
  const declared = normaliseChanges(input.declaredChanges);
  const result = await services.sql.begin(async (tx) => {
    const prior = await applicationOfRequestInTx(tx, requestId);
    if (prior) {
      if (prior.person_id !== input.idNumber) throw new ProblemError('idempotency-key-reused', `the request id ${requestId} was already used for another booking`);
      return { id: prior.id, reference: prior.reference, status: prior.status };
    }
    const open = await openApplicationOf(tx, input.idNumber);
    if (open) throw openApplicationProblem(open);
    const capacity = (await capacityOf(tx, input.unitId)) ?? DEFAULT_DAILY_CAPACITY;
    if (!(await takePlaceInTx(tx, input.unitId, input.date, capacity))) {
      throw new ProblemError('slot-full', `${units.get(input.unitId)!.name} has no free place on ${input.date} (capacity ${capacity}); GET /card-appointments/availability for other days`, {
        unitId: input.unitId, date: input.date, capacity,
      });
    }
    const reference = await nextReferenceInTx(tx, today.slice(0, 4));
    let id: string;
    try {
      id = await insertApplicationInTx(tx, {
        reference, personId: input.idNumber, kind: input.kind, reissueReason: input.reissueReason ?? null, channel: 'online',
        receivingUnitId: input.unitId, declaredChanges: declared, createdBy: actor, createdRequest: requestId,
      });
    } catch (e) {
      // Two bookings of one person at once: the unique index of 050 lets one through.
      if ((e as { code?: string }).code === '23505') throw new ProblemError('open-application-exists', 'the person already has an open application');
      throw e;
    }
    await insertAppointmentInTx(tx, { applicationId: id, unitId: input.unitId, day: input.date, phone: input.phone });
    await appendAuditInTx(tx, [{ actor, action: 'card.appointment.book', subject: input.idNumber, requestId, details: { applicationId: id, reference, unitId: input.unitId, date: input.date } }]);
    return { id, reference, status: 'received' };
  });
  return { applicationId: result.id, reference: result.reference, unit: units.view(input.unitId)!, date: input.date, status: result.status };
}

/** PUT /card-offices/{unitId}/appointment-capacity: province officers for their province's offices, central officers and administrators. */
export async function setOfficeCapacity(services: Services, caller: Caller, unitId: string, perDay: number) {
  requireRole(caller.officer, ['admin', 'central', 'province']);
  const units = await unitIndex(services.sql);
  const u = currentOffice(units, unitId, '/params/unitId');
  const j = caller.officer.jurisdiction;
  if (j && j.id !== u.id && j.id !== u.provinceId) throw new ProblemError('outside-jurisdiction', `${u.name} is outside ${j.name}`);
  await writeTx(services, caller, async (tx) => {
    await setCapacityRow(tx, unitId, perDay, actorOf(caller.officer));
    await appendAuditInTx(tx, [{ actor: actorOf(caller.officer), action: 'card.office.capacity', subject: null, requestId: caller.requestId, details: { unitId, perDay } }]);
  });
  return { unitId, perDay };
}
