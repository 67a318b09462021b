// The child process of production-kill.test.ts: personalises a batch through the real production
// path (production-service.ts personaliseBatch, one card at a time) and stops half-way — inside
// the transaction of card number HALT_AT (0-based), after its card number was taken and its card
// and chip inserted, before the commit — printing "midway <card number>" and waiting for ever.
// The test then kills this process with SIGKILL. Environment: DATABASE_URL, HSM_DATA_DIR (the
// test's SoftHSM token), OFFICER_ID, BATCH_ID, HALT_AT.
import { randomBytes } from 'node:crypto';
import { ephemeralAuditLogKey } from '../audit/log-key.ts';
import { AuditTrail } from '../audit/trail.ts';
import { connect } from '../db/connect.ts';
import { hsmConfig } from '../keys/hsm-config.ts';
import { createServices } from '../services.ts';
import { personaliseBatch } from './production-service.ts';

const sql = connect(process.env.DATABASE_URL!, { max: 3 });
const services = createServices(sql, { idNumberKey: randomBytes(32), auditLogKey: ephemeralAuditLogKey('production-kill/audit') }, {
  listen: false, hsm: hsmConfig(process.env.HSM_DATA_DIR!, {}),
});
const officer = (await services.officers.byId(process.env.OFFICER_ID!))!;
const haltAt = Number(process.env.HALT_AT);
const caller = { officer, requestId: `kill-${Date.now()}`, trail: new AuditTrail() };
await personaliseBatch(services, caller, process.env.BATCH_ID!, {
  concurrency: 1,
  hooks: {
    async beforeCommit(cardNumber, index) {
      if (index !== haltAt) return;
      process.stdout.write(`midway ${cardNumber}\n`);
      await new Promise(() => {}); // killed here
    },
  },
});
process.stdout.write('committed\n');
