// `cancuoc audit …`: the audit log as an auditor checks it and an operator keeps it.
//   audit verify       recompute the chain, the Merkle tree and every signed tree head; exit 1 when
//                      the log does not hold (where and why on stderr). Works beside a running
//                      platform on the same data directory: it uses the running database.
//   audit rotate-key   replace the key that signs tree heads (the old verifier key stays published)
import type { Command } from 'commander';
import { SingleBar } from 'cli-progress';
import { loadOrCreateAuditLogKey, rotateAuditLogKey } from '../audit/log-key.ts';
import { verifyAuditLog } from '../audit/verify.ts';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/open.ts';
import { portOption } from './options.ts';

export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('the audit log: a Merkle-tree transparency log (docs/audit.md)');
  audit.command('verify')
    .description('recompute the audit log (chain, tree, tiles, signed tree heads); exit 1 if any entry was changed, removed, inserted or reordered')
    .option('--data <dir>', 'run-time data directory (default ./var)')
    .option('--pg-port <port>', 'port of the embedded PostgreSQL', portOption)
    .option('--no-progress', 'no progress bar')
    .action(async (opts: { data?: string; pgPort?: number; progress: boolean }) => {
      const config = loadConfig({ dataDir: opts.data, embeddedPgPort: opts.pgPort });
      const key = await loadOrCreateAuditLogKey(config.dataDir);
      const db = await openDatabase(config, { migrate: false });
      const bar = opts.progress && process.stderr.isTTY ? new SingleBar({ format: 'verify [{bar}] {value}/{total} entries', stream: process.stderr, fps: 5 }) : undefined;
      try {
        const [{ n }] = await db.sql<{ n: number }[]>`select count(*)::int as n from audit_log`;
        bar?.start(n, 0);
        const result = await verifyAuditLog(db.sql, key.verifierKeys, (done) => bar?.update(done));
        bar?.stop();
        process.stdout.write(JSON.stringify(result) + '\n');
        if (!result.valid) {
          process.stderr.write(`audit log broken at entry ${result.firstBadSeq}: ${result.reason}\n`);
          process.exitCode = 1;
        }
      } finally {
        bar?.stop();
        await db.close();
      }
    });

  audit.command('rotate-key')
    .description('replace the key that signs the audit log\'s tree heads; restart the platform to sign with it')
    .option('--data <dir>', 'run-time data directory (default ./var)')
    .action((opts: { data?: string }) => {
      const r = rotateAuditLogKey(loadConfig({ dataDir: opts.data }).dataDir);
      process.stdout.write(JSON.stringify(r, null, 2) + '\n');
    });
}
