// `cancuoc pki init --dir D [--curve C | --rsa [bits]] [--force]`; `cancuoc pki eac-init --dir D`
// and `cancuoc pki cvc …` for the Extended Access Control chain (CVCA → DV → IS, TR-03110-3).
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { EmrtdError } from '../errors.ts';
import { IS_RIGHTS } from '../eac/cvc.ts';
import { EAC_FILES, initEacDirectory, issueCvc, readPrivateKey } from '../eac/directory.ts';
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

  pki
    .command('eac-init')
    .description('create an Extended Access Control chain: CVCA (3 years) → domestic DV (1 year) → inspection system with the fingerprint and iris rights (90 days); writes cvca/dv/is .cvcert and .key.pem')
    .requiredOption('--dir <dir>', 'output directory')
    .option('--country <CC>', 'country code of the certificate references', 'VN')
    .option('--curve <curve>', 'curve of the chain', 'brainpoolP256r1')
    .option('--from <YYYY-MM-DD>', 'effective date (default today)')
    .option('--force', 'replace existing keys')
    .action((o: { dir: string; country: string; curve: string; from?: string; force?: boolean }) => {
      try {
        initEacDirectory({ dir: o.dir, country: o.country, curve: o.curve, ...(o.from ? { from: day(o.from, '--from') } : {}), ...(o.force ? { force: true } : {}) });
        process.stdout.write(`${EAC_FILES.map((f) => `${o.dir}/${f}`).join('\n')}\n`);
      } catch (err) {
        if (!(err instanceof EmrtdError)) throw err;
        process.stderr.write(`cancuoc pki eac-init: ${err.message}\n`);
        process.exitCode = 2;
      }
    });
  pki
    .command('cvc')
    .description('issue one card-verifiable certificate (a DV by a CVCA, or an inspection system by a DV) with a new key: writes OUT.cvcert and OUT.key.pem')
    .requiredOption('--issuer-cert <file>', 'the issuing CVCA or DV certificate (.cvcert)')
    .requiredOption('--issuer-key <file>', "the issuer's private key (PKCS#8 PEM or DER)")
    .requiredOption('--role <role>', 'dv-domestic, dv-foreign or is')
    .requiredOption('--chr <reference>', 'holder reference: country (2) + mnemonic (≤ 9) + sequence number (5)')
    .option('--rights <list>', 'read rights: dg3 (fingerprints), dg4 (iris), comma-separated, or none', 'dg3,dg4')
    .requiredOption('--from <YYYY-MM-DD>', 'effective date')
    .requiredOption('--to <YYYY-MM-DD>', 'expiration date')
    .requiredOption('--out <prefix>', 'output path without extension')
    .action((o: { issuerCert: string; issuerKey: string; role: string; chr: string; rights: string; from: string; to: string; out: string }) => {
      try {
        if (!['dv-domestic', 'dv-foreign', 'is'].includes(o.role)) throw new EmrtdError(`--role ${o.role}: use dv-domestic, dv-foreign or is`);
        let rights = 0;
        for (const r of o.rights === 'none' ? [] : o.rights.split(',')) {
          const bit = IS_RIGHTS[r.trim() as keyof typeof IS_RIGHTS];
          if (!bit) throw new EmrtdError(`--rights ${r}: use dg3, dg4 or none`);
          rights |= bit;
        }
        const issuerCertificate = new Uint8Array(readFileSync(o.issuerCert));
        issueCvc({ issuerCertificate, issuerKey: readPrivateKey(o.issuerKey), role: o.role as 'is', chr: o.chr, rights, from: day(o.from, '--from'), to: day(o.to, '--to'), out: o.out });
        process.stdout.write(`${o.out}.cvcert\n${o.out}.key.pem\n`);
      } catch (err) {
        if (err instanceof Error && 'code' in err && (err as NodeJS.ErrnoException).code === 'ENOENT') {
          process.stderr.write(`cancuoc pki cvc: ${err.message}\n`);
          process.exitCode = 2;
          return;
        }
        if (!(err instanceof EmrtdError)) throw err;
        process.stderr.write(`cancuoc pki cvc: ${err.message}\n`);
        process.exitCode = 2;
      }
    });
}

function day(s: string, what: string): Date {
  const d = new Date(`${s}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== s) throw new EmrtdError(`${what} ${s} is not a YYYY-MM-DD date`);
  return d;
}
