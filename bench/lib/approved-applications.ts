// bench:cards set-up (not timed): approved applications written straight into card_application
// (migration 050) as the application stage leaves them — status 'approved', a face photo and ten
// fingerprints (one missing with its legal reason), taken by one officer and decided by another.
// Through the API this would be six requests per application, minutes for a 10,000-card batch
// before the measurement starts; the tests go through the API (cards/test-helpers.ts).
import { randomUUID } from 'node:crypto';
import { imageSize, testPortrait, tinyJpeg } from '@cancuoc/emrtd';
import type { Sql } from '../../packages/server/src/db/connect.ts';

let serial = 0;

// A finger at 500 ppi is about 400 × 500 pixels (a flat impression, ISO/IEC 19794-4 level 31);
// the stand-in is a JPEG of that size, ~20 kB, so DG3 weighs on the chip as the nine real ones would.
export const FINGER_SIZE = { width: 400, height: 500 };
export const BENCH_FINGER = Buffer.from(tinyJpeg(FINGER_SIZE.width, FINGER_SIZE.height, (x, y) => (Math.hypot(x - 200, (y - 250) * 0.8) % 9 < 3 ? 30 : 220)));

/** The nine captured fingers of a bench application (the right little finger is missing), for DG3. */
export function benchFingers() {
  return [1, 2, 3, 4, 6, 7, 8, 9, 10].map((position) => ({ position, image: new Uint8Array(BENCH_FINGER), ...FINGER_SIZE, quality: 70 }));
}

/** An approved application for `personId` at `receivingUnitId`; returns its id. */
export async function insertApprovedApplication(sql: Sql, personId: string, receivingUnitId: string, options: { photo?: Uint8Array; declaredChanges?: Record<string, unknown> } = {}): Promise<string> {
  const photo = options.photo ?? testPortrait();
  const size = imageSize(photo) ?? { width: 0, height: 0 };
  const id = randomUUID();
  const reference = `HS-BENCH-${process.pid}-${++serial}-${id.slice(0, 8)}`;
  await sql.begin(async (tx) => {
    await tx`
      insert into card_application (id, reference, person_id, kind, status, channel, receiving_unit_id, declared_changes,
        photo_jpeg, photo_width, photo_height, created_by, decided_by, decided_at, decision_note)
      values (${id}, ${reference}, ${personId}, 'first', 'approved', 'office', ${receivingUnitId}, ${tx.json((options.declaredChanges ?? {}) as never)},
        ${Buffer.from(photo)}, ${size.width}, ${size.height}, 'officer:bench-intake', 'officer:bench-approver', now(), 'bench:cards set-up')`;
    const finger = BENCH_FINGER;
    for (let position = 1; position <= 10; position++) {
      // The right little finger is missing (a legal reason of 050): production must cope.
      if (position === 5) await tx`insert into card_application_finger (application_id, position, missing_reason) values (${id}, ${position}, 'amputated')`;
      else await tx`insert into card_application_finger (application_id, position, image, format, width, height, quality) values (${id}, ${position}, ${finger}, 'jpeg', ${FINGER_SIZE.width}, ${FINGER_SIZE.height}, 70)`;
    }
  });
  return id;
}
