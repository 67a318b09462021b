// `cancuoc import FILE` and `cancuoc export`: persons in the bulk file format
// (docs/import-format.md). Import is all or nothing: every bad row is listed on stderr as
// `line N: reason`, the exit code is 2 and the register is left exactly as it was.
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { createWriteStream, existsSync, statSync } from 'node:fs';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/open.ts';
import { todayInVietnam } from '../calendar.ts';
import { exportPersons } from '../population/export.ts';
import { resolveProvince, UnknownProvinceError } from '../population/geography.ts';
import { formatOfFile, ImportFileError, importPersons, ImportRejectedError, type FileFormat } from '../population/import.ts';
import { idNumberKey } from '../keys/secrets.ts';
import { portOption } from './options.ts';

const FORMATS = ['csv', 'ndjson'];

export function registerImportExportCommands(program: Command): void {
  program.command('import')
    .description('import persons from a CSV or NDJSON file (docs/import-format.md); all or nothing: any bad row → every problem on stderr, exit 2, nothing loaded')
    .argument('<file>', 'the file to import')
    .option('--format <format>', 'csv | ndjson (default: from the extension .csv / .ndjson / .jsonl)')
    .option('--legal-basis <text>', 'legal basis recorded on every imported person (default: "Nhập dữ liệu từ tệp <file name>")')
    .option('--data <dir>', 'run-time data directory (default ./var)')
    .option('--pg-port <port>', 'port of the embedded PostgreSQL', portOption)
    .option('--no-progress', 'no progress bar')
    .action(async (file: string, opts: { format?: string; legalBasis?: string; data?: string; pgPort?: number; progress: boolean }) => {
      const format = (opts.format ?? formatOfFile(file)) as FileFormat | undefined;
      if (!format || !FORMATS.includes(format)) return fail('import', opts.format ? `--format must be csv or ndjson, got "${opts.format}"` : `cannot tell the format of ${file} from its extension: give --format csv or --format ndjson`);
      if (!existsSync(file) || !statSync(file).isFile()) return fail('import', `no such file: ${file}`);
      const legalBasis = opts.legalBasis ?? `Nhập dữ liệu từ tệp ${file.split('/').pop()}`;
      if (legalBasis.trim().length < 3) return fail('import', '--legal-basis must say something (3 characters or more)');
      const config = loadConfig({ dataDir: opts.data, embeddedPgPort: opts.pgPort });
      const db = await openDatabase(config, { poolSize: 2 });
      const bar = opts.progress ? new SingleBar({ format: 'import [{bar}] {percentage}% | {value}/{total} bytes', stream: process.stderr, fps: 5 }) : undefined;
      try {
        const size = statSync(file).size;
        bar?.start(size, 0);
        const result = await importPersons(db.sql, {
          file, format, legalBasis, actor: 'cli:import', today: todayInVietnam(), key: idNumberKey(config.dataDir),
          onProgress: (bytes) => bar?.update(Math.min(size, bytes)),
        });
        bar?.stop();
        process.stdout.write(JSON.stringify(result) + '\n');
      } catch (err) {
        bar?.stop();
        if (err instanceof ImportRejectedError) {
          for (const p of err.problems) process.stderr.write(`${file}:${p.line}: ${p.message}\n`);
          process.stderr.write(`cancuoc import: ${err.message}\n`);
          process.exitCode = 2;
        } else if (err instanceof ImportFileError) {
          fail('import', `${file}: ${err.message}; nothing was imported`);
        } else {
          throw err;
        }
      } finally {
        await db.close();
      }
    });

  program.command('export')
    .description('export persons in the bulk file format (docs/import-format.md), streamed')
    .option('--out <file>', 'output file (default: standard output)')
    .option('--format <format>', 'csv | ndjson (default: from the --out extension, else csv)')
    .option('--province <code>', 'only persons living in this province today: 2-digit code like 01 or unit id 2:01')
    .option('--data <dir>', 'run-time data directory (default ./var)')
    .option('--pg-port <port>', 'port of the embedded PostgreSQL', portOption)
    .option('--no-progress', 'no progress bar')
    .action(async (opts: { out?: string; format?: string; province?: string; data?: string; pgPort?: number; progress: boolean }) => {
      const format = (opts.format ?? (opts.out ? formatOfFile(opts.out) : undefined) ?? 'csv') as FileFormat;
      if (!FORMATS.includes(format)) return fail('export', `--format must be csv or ndjson, got "${opts.format}"`);
      const config = loadConfig({ dataDir: opts.data, embeddedPgPort: opts.pgPort });
      const db = await openDatabase(config, { poolSize: 2 });
      try {
        const provinceId = opts.province === undefined ? undefined : await resolveProvince(db.sql, opts.province);
        const [{ total }] = await db.sql<{ total: number }[]>`
          select count(*)::int as total from person ${provinceId ? db.sql`where current_province_id = ${provinceId}` : db.sql``}`;
        const bar = opts.progress && opts.out ? new SingleBar({ format: 'export [{bar}] {percentage}% | {value}/{total} persons', stream: process.stderr, fps: 5 }) : undefined;
        bar?.start(total, 0);
        const out = opts.out ? createWriteStream(opts.out) : process.stdout;
        const result = await exportPersons(db, out, { format, provinceId, actor: 'cli:export', onProgress: (n) => bar?.update(Math.min(n, total)) });
        bar?.update(result.rows);
        bar?.stop();
        if (opts.out) process.stdout.write(JSON.stringify({ ...result, out: opts.out, format }) + '\n');
      } catch (err) {
        if (!(err instanceof UnknownProvinceError)) throw err;
        fail('export', err.message);
      } finally {
        await db.close();
      }
    });
}

function fail(command: string, message: string): void {
  process.stderr.write(`cancuoc ${command}: ${message}\n`);
  process.exitCode = 2;
}
