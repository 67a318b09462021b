// `cancuoc pki init --dir D [--curve C | --rsa [bits]] [--force]`.
import type { Command } from 'commander';
import { EmrtdError } from '../errors.ts';
import { PKI_FILES, initPkiDirectory } from './directory.ts';
import { parseCurve, type KeySpec } from './keys.ts';

export function registerPkiCommand(program: Command): void {
  const pki = program.command('pki').description('country signing CA and Document Signer (ICAO 9303-12)');
  pki
    .command('init')
    .description(`create a CSCA and a Document Signer: writes ${Object.values(PKI_FILES).join(', ')} (keys PKCS#8, mode 0600)`)
    .requiredOption('--dir <dir>', 'output directory')
    .option('--curve <curve>', 'EC curve: brainpoolP256r1 (default), brainpoolP384r1, brainpoolP512r1, P-256, P-384, P-521')
    .option('--rsa [bits]', 'RSA keys instead of EC (default 3072 bits)')
    .option('--country <CC>', 'country code of the names', 'VN')
    .option('--force', 'replace existing keys')
    .action((opts: { dir: string; curve?: string; rsa?: string | boolean; country: string; force?: boolean }) => {
      try {
        if (opts.curve && opts.rsa) throw new EmrtdError('--curve and --rsa are exclusive');
        let key: KeySpec = parseCurve(opts.curve ?? 'brainpoolP256r1');
        if (opts.rsa) {
          const bits = opts.rsa === true ? 3072 : Number(opts.rsa);
          if (!Number.isInteger(bits)) throw new EmrtdError(`--rsa ${opts.rsa}: bits must be an integer`);
          key = { type: 'rsa', bits };
        }
        if (!/^[A-Z]{2}$/.test(opts.country)) throw new EmrtdError('--country must be two capital letters (ISO 3166-1)');
        initPkiDirectory({ dir: opts.dir, key, country: opts.country, ...(opts.force ? { force: true } : {}) });
        process.stdout.write(`${Object.values(PKI_FILES).map((f) => `${opts.dir}/${f}`).join('\n')}\n`);
      } catch (err) {
        if (!(err instanceof EmrtdError)) throw err;
        process.stderr.write(`cancuoc pki init: ${err.message}\n`);
        process.exitCode = 2;
      }
    });
}
