// `cancuoc quality run` and `cancuoc quality rules` (docs/quality.md): the data-quality checks over
// the whole register with a progress bar, and the rule catalogue.
import { SingleBar } from 'cli-progress';
import { Option, type Command } from 'commander';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/open.ts';
import { QualityRunBusyError, runQuality, type Check } from '../quality/run.ts';
import { RULES } from '../quality/rules/index.ts';
import { portOption } from './options.ts';

export function registerQualityCommands(program: Command): void {
  const quality = program.command('quality').description('data quality: rules, duplicate detection, reports (docs/quality.md)');

  quality.command('run')
    .description('run the duplicate detection and every rule over the register, write the findings and the report counts')
    .addOption(new Option('--only <checks>', 'only these checks').choices(['rules', 'duplicates']))
    .option('--data <dir>', 'run-time data directory (default ./var)')
    .option('--pg-port <port>', 'port of the embedded PostgreSQL', portOption)
    .option('--no-progress', 'no progress bar')
    .action(async (opts: { only?: Check; data?: string; pgPort?: number; progress: boolean }) => {
      const db = await openDatabase(loadConfig({ dataDir: opts.data, embeddedPgPort: opts.pgPort }), { poolSize: 4 });
      const bar = opts.progress && process.stderr.isTTY !== false
        ? new SingleBar({ format: 'quality [{bar}] {percentage}% | {step} | {value}/{total}', stream: process.stderr, fps: 5 })
        : undefined;
      let started = false;
      try {
        const summary = await runQuality(db.sql, {
          actor: 'cli:quality', checks: opts.only ? [opts.only] : undefined,
          onProgress: (p) => {
            if (!bar) return;
            if (!started) { bar.start(Math.max(1, p.total), p.done, { step: p.step }); started = true; }
            bar.setTotal(Math.max(1, p.total));
            bar.update(p.done, { step: p.step });
          },
        });
        bar?.stop();
        process.stdout.write(JSON.stringify(summary) + '\n');
      } catch (err) {
        bar?.stop();
        if (!(err instanceof QualityRunBusyError)) throw err;
        process.stderr.write(`cancuoc quality run: ${err.message}\n`);
        process.exitCode = 1;
      } finally {
        await db.close();
      }
    });

  quality.command('rules')
    .description('list the data-quality rules (code, severity, category, message)')
    .action(() => {
      for (const r of RULES) process.stdout.write(`${r.code}  ${r.severity.padEnd(7)}  ${r.category.padEnd(12)}  ${r.name}\n    ${r.message.en}\n    ${r.message.vi}\n`);
    });
}
