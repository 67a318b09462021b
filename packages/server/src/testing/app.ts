// Test support: the real app on a fresh database, with helpers to make officers and log in.
import type { FastifyInstance } from 'fastify';
import { randomBytes } from 'node:crypto';
import type { Role } from '../auth/officers.ts';
import { buildApp } from '../http/app.ts';
import { createServices, type ServiceOptions, type Services } from '../services.ts';
import { testAuditLogKey } from './audit.ts';
import { checkEveryAnswer } from './contract.ts';
import { createTestDatabase, type TestDatabase } from './db.ts';
import { testHsmConfig } from './hsm.ts';

export interface TestApp {
  app: FastifyInstance;
  services: Services;
  db: TestDatabase;
  /** Creates an officer and returns a ready `authorization` header value. */
  officer(role: Role, jurisdictionId?: string, username?: string): Promise<{ id: string; authorization: string }>;
  close(): Promise<void>;
}

let counter = 0;

export async function createTestApp(options: Omit<ServiceOptions, 'hsm'> = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  // The token is opened only when a test uses the pki (SoftHSM in a throw-away directory).
  const services = createServices(db.sql, { idNumberKey: randomBytes(32), auditLogKey: testAuditLogKey }, { ...options, hsm: testHsmConfig });
  const app = await buildApp(services);
  // Every answer a test receives must be what the OpenAPI document declares (contract.ts).
  await checkEveryAnswer(app);
  return {
    app, services, db,
    async officer(role, jurisdictionId, username) {
      const name = username ?? `${role}-${++counter}`;
      const password = 'correct horse battery staple';
      const o = await services.officers.create({ username: name, displayName: name, role, jurisdictionId, password });
      const { token } = await services.officers.login(name, password);
      return { id: o.id, authorization: `Bearer ${token}` };
    },
    async close() {
      await app.close();
      services.pki.close();
      await db.drop();
    },
  };
}
