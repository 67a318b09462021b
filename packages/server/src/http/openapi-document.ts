// The OpenAPI document without a running platform: the app is assembled against a database it
// never connects to (postgres.js connects lazily), and only its document is read. Used by
// `cancuoc openapi`, the web console's type generation and the contract tests.
import { randomBytes } from 'node:crypto';
import { connect } from '../db/connect.ts';
import { createServices } from '../services.ts';
import { ephemeralAuditLogKey } from '../audit/log-key.ts';
import { buildApp } from './app.ts';

export async function openApiDocument(options: { publicUrl?: string } = {}): Promise<Record<string, unknown>> {
  const sql = connect('postgres://document-only@127.0.0.1:1/none', { max: 1 });
  const services = createServices(sql, { idNumberKey: randomBytes(32), auditLogKey: ephemeralAuditLogKey('document-only/audit') }, { listen: false });
  const app = await buildApp(services, { publicUrl: options.publicUrl });
  try {
    await app.ready();
    return app.swagger() as unknown as Record<string, unknown>;
  } finally {
    await app.close();
    await sql.end({ timeout: 0 });
  }
}
