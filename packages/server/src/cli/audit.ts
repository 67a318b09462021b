// `cancuoc audit verify`: exit 0 when the chain holds, 1 when it does not (with where and why).
import type { Command } from 'commander';
import { verifyAuditChain } from '../audit/verify.ts';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/open.ts';
import { portOption } from './options.ts';

export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('the tamper-evident audit log');
  audit.command('verify')
    .description('re-compute the hash chain of the audit log; exit 1 if any entry was changed, removed or inserted')
    .option('--data <dir>', 'run-time data directory (default ./var)')
    .option('--pg-port <port>', 'port of the embedded PostgreSQL', portOption)
    .action(async (opts: { data?: string; pgPort?: number }) => {
      const db = await openDatabase(loadConfig({ dataDir: opts.data, embeddedPgPort: opts.pgPort }), { migrate: false });
      try {
        const result = await verifyAuditChain(db.sql);
        process.stdout.write(JSON.stringify(result) + '\n');
        if (!result.valid) {
          process.stderr.write(`audit chain broken at entry ${result.firstBadSeq}: ${result.reason}\n`);
          process.exitCode = 1;
        }
      } finally {
        await db.close();
      }
    });
}
