// Test support for the production stage: approved applications made through the application
// stage's own API (test-helpers.ts createApprovedApplication: taken by a commune officer of the
// office, photographed, fingerprinted, checked, approved by another officer), and a batch brought
// through the production API up to a given state. Nothing is written behind the services.
import { BA_DINH, client } from '../registry/test-helpers.ts';
import type { TestApp } from '../testing/app.ts';
import { createApprovedApplication } from './test-helpers.ts';

let serial = 0;

const NAMES = ['Nguyễn Văn An', 'Trần Thị Bích Ngọc', 'Lê Hoàng Đức', 'Phạm Thị Thu Hà', 'Hoàng Văn Đạt', 'Vũ Thị Hương', 'Đặng Quốc Bảo', 'Bùi Thị Lan'];

/** `n` adults registered through the API at `unitId`, each with an application there approved by `authorization`. */
export async function approvedApplications(t: TestApp, authorization: string, n: number, unitId = BA_DINH): Promise<Array<{ applicationId: string; personId: string }>> {
  const out: Array<{ applicationId: string; personId: string }> = [];
  for (let i = 0; i < n; i++) {
    const k = ++serial;
    const a = await createApprovedApplication(t, {
      unitId, approver: authorization, fullName: NAMES[k % NAMES.length]!, sex: k % 2 ? 'male' : 'female', birthDate: `19${60 + (k % 40)}-0${1 + (k % 9)}-1${k % 10}`,
    });
    out.push({ applicationId: a.id, personId: a.idNumber });
  }
  return out;
}

/**
 * A batch of `n` cards at `unitId` brought through the API up to `until` (central
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
