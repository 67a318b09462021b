// FIXTURE — test support for the production stage only, to be replaced by the lead with the
// application stage's own API (POST /card-applications, checks, approval) once it is merged.
// It inserts card_application rows (migration 050) straight into the database as an approved
// application would leave them: status 'approved', a face photo (JPEG) and ten fingerprints,
// taken by one officer and decided by another (the four-eyes rule of 050). Persons are made
// through the register's API (registry/test-helpers.ts), never faked.
import { randomUUID } from 'node:crypto';
import { imageSize, testPortrait, tinyJpeg } from '@cancuoc/emrtd';
import type { Sql } from '../db/connect.ts';
import { adult, BA_DINH, client } from '../registry/test-helpers.ts';
import type { TestApp } from '../testing/app.ts';

let serial = 0;

/** FIXTURE: an approved application for `personId` at `receivingUnitId`; returns its id. */
export async function insertApprovedApplication(sql: Sql, personId: string, receivingUnitId: string, options: { photo?: Uint8Array; declaredChanges?: Record<string, unknown> } = {}): Promise<string> {
  const photo = options.photo ?? testPortrait();
  const size = imageSize(photo) ?? { width: 0, height: 0 };
  const id = randomUUID();
  const reference = `HS-TEST-${process.pid}-${++serial}-${id.slice(0, 8)}`;
  await sql.begin(async (tx) => {
    await tx`
      insert into card_application (id, reference, person_id, kind, status, channel, receiving_unit_id, declared_changes,
        photo_jpeg, photo_width, photo_height, created_by, decided_by, decided_at, decision_note)
      values (${id}, ${reference}, ${personId}, 'first', 'approved', 'office', ${receivingUnitId}, ${tx.json((options.declaredChanges ?? {}) as never)},
        ${Buffer.from(photo)}, ${size.width}, ${size.height}, 'officer:fixture-intake', 'officer:fixture-approver', now(), 'fixture: approved for production tests')`;
    const finger = Buffer.from(tinyJpeg(64, 80, (bx, by) => 80 + ((bx * 31 + by * 17) % 120)));
    for (let position = 1; position <= 10; position++) {
      // The right little finger is missing (a legal reason of 050): production must cope.
      if (position === 5) await tx`insert into card_application_finger (application_id, position, missing_reason) values (${id}, ${position}, 'amputated')`;
      else await tx`insert into card_application_finger (application_id, position, image, format, width, height, quality) values (${id}, ${position}, ${finger}, 'jpeg', 64, 80, 70)`;
    }
  });
  return id;
}

const NAMES = ['Nguyễn Văn An', 'Trần Thị Bích Ngọc', 'Lê Hoàng Đức', 'Phạm Thị Thu Hà', 'Hoàng Văn Đạt', 'Vũ Thị Hương', 'Đặng Quốc Bảo', 'Bùi Thị Lan'];

/** FIXTURE: `n` adults registered through the API at `unitId`, each with an approved application there. */
export async function approvedApplications(t: TestApp, authorization: string, n: number, unitId = BA_DINH): Promise<Array<{ applicationId: string; personId: string }>> {
  const out: Array<{ applicationId: string; personId: string }> = [];
  for (let i = 0; i < n; i++) {
    const k = ++serial;
    const p = await adult(t, authorization, { fullName: NAMES[k % NAMES.length]!, sex: k % 2 ? 'male' : 'female', birthDate: `19${60 + (k % 40)}-0${1 + (k % 9)}-1${k % 10}`, unitId });
    out.push({ personId: p.idNumber, applicationId: await insertApprovedApplication(t.db.sql, p.idNumber, unitId) });
  }
  return out;
}

/**
 * FIXTURE: a batch of `n` cards at `unitId` brought through the API up to `until` (central
 * officer's authorization). Returns the batch id and the card numbers.
 */
export async function batchUntil(t: TestApp, central: string, unitId: string, until: 'open' | 'personalising' | 'quality_checked' | 'shipped' | 'received', n = 1): Promise<{ batchId: string; cards: string[] }> {
  const c = client(t);
  await approvedApplications(t, central, n, unitId);
  const steps: Array<[string, string]> = [['personalising', 'personalisation'], ['quality_checked', 'quality-control'], ['shipped', 'shipment'], ['received', 'receipt']];
  const b = await c.post('/card-batches', central, { receivingUnitId: unitId, limit: n });
  if (b.status !== 201) throw new Error(`batch: ${b.status} ${JSON.stringify(b.body)}`);
  const batchId = b.body.id as string;
  let cards: string[] = [];
  for (const [state, step] of steps) {
    if (until === 'open') break;
    const r = await c.post(`/card-batches/${batchId}/${step}`, central, {});
    if (r.status !== 200) throw new Error(`${step}: ${r.status} ${JSON.stringify(r.body)}`);
    if (step === 'personalisation') cards = (r.body.personalised as Array<{ cardNumber: string }>).map((x) => x.cardNumber);
    if (state === until) break;
  }
  return { batchId, cards };
}
