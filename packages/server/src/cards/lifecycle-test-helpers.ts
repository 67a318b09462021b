// TEST FIXTURE ONLY — never imported by the server. The application and production stages are
// built in parallel (issue 16 stages 1–3); until they are merged, the lifecycle tests need cards
// that production would have made. This inserts them as production leaves them: an application
// approved by a second officer and produced, a batch received at the office, and the card `ready`
// there, numbered from card_number_seq (card-number.ts allocateCardNumber) with its printed
// expiry from the rules (expiry.ts). Persons come from the register through its API
// (registry/test-helpers.ts); nothing here writes a register table.
import type { Sql } from '../db/connect.ts';
import type { TestApp } from '../testing/app.ts';
import { allocateCardNumber } from './card-number.ts';
import { cardValidity } from './expiry.ts';

let n = 0;

export interface FixtureCard { cardNumber: string; applicationId: string; batchId: string; expiryDate: string | null }

/** An application in `status` (default received) for a person, at a receiving office. */
export async function fixtureApplication(sql: Sql, p: {
  personId: string; receivingUnitId: string; status?: 'received' | 'approved' | 'rejected' | 'produced'; kind?: 'first' | 'renewal' | 'lost';
}): Promise<string> {
  const status = p.status ?? 'received';
  const decided = status !== 'received';
  const [{ id }] = await sql<{ id: string }[]>`
    insert into card_application (reference, person_id, kind, status, channel, receiving_unit_id, created_by, decided_by, decided_at)
    values (${`HS-TEST-${process.pid}-${++n}`}, ${p.personId}, ${p.kind ?? 'first'}, ${status}, 'office', ${p.receivingUnitId},
            'officer:fixture-clerk', ${decided ? 'officer:fixture-approver' : null}, ${decided ? new Date() : null})
    returning id::text`;
  return id;
}

/**
 * A card `ready` at the receiving office for a person born on `birthDate`, issued on `issueDate`
 * (default today), with its produced application and received batch.
 */
export async function readyCard(t: TestApp, p: {
  personId: string; birthDate: string; receivingUnitId: string; issueDate?: string; kind?: 'first' | 'renewal' | 'lost';
}): Promise<FixtureCard> {
  const issueDate = p.issueDate ?? new Date().toISOString().slice(0, 10);
  const { expiryDate } = cardValidity(p.birthDate, issueDate);
  return t.db.sql.begin(async (tx) => {
    const applicationId = await fixtureApplication(tx as unknown as Sql, { personId: p.personId, receivingUnitId: p.receivingUnitId, status: 'produced', kind: p.kind });
    const [{ id: batchId }] = await tx<{ id: string }[]>`
      insert into card_batch (reference, receiving_unit_id, status, created_by, shipped_at, received_at)
      values (${`LO-TEST-${process.pid}-${++n}`}, ${p.receivingUnitId}, 'received', 'officer:fixture-producer', now(), now())
      returning id::text`;
    const cardNumber = await allocateCardNumber(tx);
    await tx`
      insert into card (card_number, application_id, person_id, batch_id, status, issue_date, expiry_date)
      values (${cardNumber}, ${applicationId}, ${p.personId}, ${batchId}, 'ready', ${issueDate}, ${expiryDate})`;
    return { cardNumber, applicationId, batchId, expiryDate };
  }) as Promise<FixtureCard>;
}
