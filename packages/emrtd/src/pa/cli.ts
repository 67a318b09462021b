// `cancuoc chip verify --sod FILE [--dg N=FILE …] (--csca FILE … | --masterlist FILE … | --pkd FILE.ldif …) [--crl FILE …] [--at YYYY-MM-DD]`
// Prints one JSON object; exit 0 valid, 1 not valid, 2 bad input.
import { accessSync, constants, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { EmrtdError } from '../errors.ts';
import { passiveAuthentication } from './passive-auth.ts';
import { TrustStore, type PkdLoadReport } from './trust-store.ts';
import { PaInputError } from './errors.ts';
import { readPkdLdif } from '../pki/pkd.ts';

const collect = (v: string, prev: string[] = []) => [...prev, v];

class BadInput extends Error {}

function readFile(path: string, what: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new BadInput(`${what} ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

/** Reads each PKD LDIF file into the trust store; the reports say what was taken and refused. */
export async function loadPkd(trust: TrustStore, files: readonly string[]): Promise<(PkdLoadReport & { file: string; duplicates: number })[]> {
  const reports = [];
  for (const file of files) {
    try {
      accessSync(file, constants.R_OK);
    } catch (err) {
      throw new PaInputError(`PKD file ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    const contents = await readPkdLdif(file);
    reports.push({ file, ...trust.addPkd(contents), duplicates: contents.duplicates });
  }
  return reports;
}

export function registerVerifyCommand(chip: Command): void {
  chip
    .command('verify')
    .description('passive authentication (ICAO 9303-11 §5.1) of an EF.SOD and data group files; prints JSON')
    .requiredOption('--sod <file>', 'EF.SOD file (raw bytes, tag 77)')
    .option('--dg <N=file>', 'a data group file, e.g. --dg 1=DG1 (repeatable)', collect, [])
    .option('--csca <file>', 'trusted CSCA certificate(s), PEM or DER (repeatable)', collect, [])
    .option('--masterlist <file>', 'trusted ICAO CSCA master list, DER or PEM CMS (repeatable)', collect, [])
    .option('--crl <file>', 'CRL, PEM or DER (repeatable)', collect, [])
    .option('--pkd <file>', 'ICAO PKD LDIF download: master lists, Document Signers and CRLs (repeatable)', collect, [])
    .option('--at <YYYY-MM-DD>', 'date at which certificate validity is judged (default today)')
    .action(async (opts: { sod: string; dg: string[]; csca: string[]; masterlist: string[]; crl: string[]; pkd: string[]; at?: string }) => {
      try {
        if (opts.csca.length === 0 && opts.masterlist.length === 0 && opts.pkd.length === 0) throw new BadInput('give at least one --csca, --masterlist or --pkd');
        let at = new Date();
        if (opts.at !== undefined) {
          const m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(opts.at);
          at = new Date(`${opts.at}T12:00:00Z`);
          if (!m || Number.isNaN(at.getTime()) || at.toISOString().slice(0, 10) !== opts.at) throw new BadInput(`--at ${opts.at} is not a YYYY-MM-DD date`);
        }
        const dataGroups = new Map<number, Uint8Array>();
        for (const spec of opts.dg) {
          const m = /^([0-9]{1,2})=(.+)$/.exec(spec);
          const n = m ? Number(m[1]) : NaN;
          if (!m || n < 1 || n > 16) throw new BadInput(`--dg ${spec}: expected N=FILE with N in 1..16`);
          if (dataGroups.has(n)) throw new BadInput(`--dg ${n} given twice`);
          dataGroups.set(n, readFile(m[2]!, `DG${n}`));
        }
        const trust = new TrustStore();
        for (const f of opts.csca) trust.addCertificates(readFile(f, 'CSCA'));
        for (const f of opts.masterlist) trust.addMasterList(readFile(f, 'master list'));
        for (const f of opts.crl) trust.addCrl(readFile(f, 'CRL'));
        const pkd = await loadPkd(trust, opts.pkd);
        const sod = readFile(opts.sod, 'SOD');
        const r = passiveAuthentication(sod, { trust, dataGroups, at });
        const { hashAlgorithm, ...out } = r;
        process.stdout.write(JSON.stringify({ ...out, hashAlgorithm, ...(pkd.length ? { pkd } : {}) }, null, 2) + '\n');
        process.exitCode = r.valid ? 0 : 1;
      } catch (err) {
        if (!(err instanceof BadInput || err instanceof EmrtdError)) throw err;
        process.stderr.write(`cancuoc chip verify: ${err.message}\n`);
        process.exitCode = 2;
      }
    });
}
