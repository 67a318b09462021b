// The first administrator. On a fresh register `cancuoc start` creates `admin` with a random
// password and keeps it in <dataDir>/bootstrap-admin.json (mode 0600) so the operator can find
// it again; nothing secret is ever in the repository.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Sql } from '../db/connect.ts';
import { OfficerService } from './officers.ts';
import { generatePassword } from './passwords.ts';

export interface BootstrapCredential { username: string; password: string | null; file: string }

export async function ensureBootstrapAdmin(sql: Sql, dataDir: string): Promise<BootstrapCredential> {
  const file = path.join(dataDir, 'bootstrap-admin.json');
  const [{ n }] = await sql<{ n: number }[]>`select count(*)::int as n from officer where role = 'admin'`;
  if (n === 0) {
    const password = generatePassword();
    await new OfficerService(sql).create({ username: 'admin', displayName: 'Bootstrap administrator', role: 'admin', password });
    writeFileSync(file, JSON.stringify({ username: 'admin', password }, null, 2) + '\n', { mode: 0o600 });
    return { username: 'admin', password, file };
  }
  if (existsSync(file)) {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { username: string; password: string };
    return { username: saved.username, password: saved.password, file };
  }
  return { username: 'admin', password: null, file };
}
