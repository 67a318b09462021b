// `cancuoc openapi`: prints the OpenAPI document the server serves at /api/docs/json, without a
// database. The web console generates its TypeScript types and form rules from it at build time
// (packages/web/build), so the console reaches the server only through the published contract.
import type { Command } from 'commander';
import { randomBytes } from 'node:crypto';
import { connect } from '../db/connect.ts';
import { buildApp } from '../http/app.ts';
import { createServices } from '../services.ts';

export async function openApiDocument(): Promise<unknown> {
  // postgres.js connects on the first query; building the app and its document runs none.
  const sql = connect('postgres://openapi@127.0.0.1:1/none', { max: 1 });
  const app = await buildApp(createServices(sql, { idNumberKey: randomBytes(32) }));
  try {
    await app.ready();
    return app.swagger();
  } finally {
    await app.close();
    await sql.end({ timeout: 0 });
  }
}

export function registerOpenApiCommand(program: Command): void {
  program.command('openapi')
    .description('print the OpenAPI 3.1 document of the HTTP API (no database needed)')
    .action(async () => {
      process.stdout.write(JSON.stringify(await openApiDocument(), null, 2) + '\n');
    });
}
