// The child process of merge-kill.test.ts: merges two records through the register's real merge
// (registry/merge.ts, in writeTx) and stops half-way — inside the merge's transaction, after every
// record, household and reference has been written and before the commit — by a merge listener
// that says so on standard output and waits forever. The test then kills this process with
// SIGKILL. Arguments (environment): DATABASE_URL, SURVIVOR, RETIRED, OFFICER_ID.
import { randomBytes } from 'node:crypto';
import { ephemeralAuditLogKey } from '../audit/log-key.ts';
import { AuditTrail } from '../audit/trail.ts';
import { connect } from '../db/connect.ts';
import { createServices } from '../services.ts';
import { mergePersonsInTx, registerMergeListener } from './merge.ts';
import { writeTx } from './service.ts';

const sql = connect(process.env.DATABASE_URL!, { max: 2 });
const services = createServices(sql, { idNumberKey: randomBytes(32), auditLogKey: ephemeralAuditLogKey('merge-kill/audit') }, { listen: false });
const officer = (await services.officers.byId(process.env.OFFICER_ID!))!;
registerMergeListener({
  name: 'halt',
  async onMerge() {
    process.stdout.write('midway\n');
    await new Promise(() => {}); // killed here
  },
  async onUndo() {},
});
const caller = { officer, requestId: `kill-${Date.now()}`, trail: new AuditTrail() };
await writeTx(services, caller, (tx, key) => mergePersonsInTx(tx, caller, key, {
  survivor: process.env.SURVIVOR!, retired: process.env.RETIRED!, legalBasis: 'Quyết định hợp nhất (bị ngắt)',
}));
process.stdout.write('committed\n');
