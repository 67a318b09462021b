// End-to-end support: the real platform (`cancuoc start` as its own process, on a fresh test
// database from `npm test`'s template, serving the built console), Debian's Chromium driven by
// playwright-core, axe-core run inside the page, and screenshots for the README's folder.
// The harness uses the server's test-database helper only to get an empty database; the console
// itself reaches the server over HTTP alone.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createTestDatabase, type TestDatabase } from '../../server/src/testing/db.ts';
import { freePort } from '../../server/src/testing/ports.ts';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(import.meta.dirname, '../../..');
const BIN = path.join(ROOT, 'packages/server/bin/cancuoc.js');
/** Where the tests write screenshots of the main pages (README "Web console"). */
export const SCREENSHOTS = path.join(ROOT, 'var/screenshots/web');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };


export interface Platform { base: string; db: TestDatabase; adminPassword: string; dataDir: string; output(): string; stop(): Promise<void> }

/** `cancuoc start` on a fresh database with a seeded population; resolves once it serves. */
export async function startPlatform(o: { seedPeople: number; env?: NodeJS.ProcessEnv }): Promise<Platform> {
  // In its own process, as `cancuoc start` does it: Vite's build sets NODE_ENV=production in the
  // process it runs in, which the platform started below would inherit (no sign-in hint).
  const built = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'packages/web/build/ensure.ts')], { stdio: 'inherit' });
  if (built.status !== 0) throw new Error('the web console could not be built');
  const db = await createTestDatabase();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cancuoc-web-'));
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [BIN, 'start', '--port', String(port), '--seed-people', String(o.seedPeople), '--workers', '1', '--data', dir], {
    env: { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: 'error', ...o.env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { out += d.toString(); });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => { if (out.includes('Serving')) { clearInterval(timer); resolve(); } }, 50);
    void exited.then((code) => { clearInterval(timer); reject(new Error(`cancuoc start exited with ${code}: ${out}`)); });
  });
  const adminPassword = /Bootstrap\s+username admin\s+password (\S+)/.exec(out)?.[1];
  if (!adminPassword) throw new Error(`no bootstrap password in: ${out}`);
  return {
    base: `http://127.0.0.1:${port}`, db, adminPassword, dataDir: dir, output: () => out,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      await db.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function api(base: string, method: string, url: string, token?: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${base}/api/v1${url}`, {
    method, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

export async function login(base: string, username: string, password: string): Promise<string> {
  const r = await api(base, 'POST', '/auth/login', undefined, { username, password });
  if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.accessToken as string;
}

export const PASSWORD = 'correct horse battery staple';

export async function createOfficer(base: string, adminToken: string, username: string, role: string, jurisdictionId?: string): Promise<void> {
  const r = await api(base, 'POST', '/officers', adminToken, { username, displayName: `Cán bộ ${username}`, role, password: PASSWORD, ...(jurisdictionId ? { jurisdictionId } : {}) });
  if (r.status !== 201) throw new Error(`officer ${username}: ${r.status} ${JSON.stringify(r.body)}`);
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: scripts/system-deps.sh installs Debian's chromium (or set CHROMIUM_PATH)`);
  return chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
}

const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }

/** axe-core in the page (evaluated, so the console's CSP does not apply): serious and critical violations. */
export async function axeSerious(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE);
  // A string, evaluated in the page (this file is compiled without the DOM's types).
  const violations = await page.evaluate<AxeViolation[]>(`axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) })))`);
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** A `cancuoc` command against the platform's database and data directory (its keys); its stdout. */
export function cancuoc(platform: Platform, args: string[]): string {
  const r = spawnSync(process.execPath, [BIN, ...args, '--data', platform.dataDir], {
    env: { ...process.env, DATABASE_URL: platform.db.url, LOG_LEVEL: 'error' }, encoding: 'utf8', timeout: 300_000,
  });
  if (r.status !== 0) throw new Error(`cancuoc ${args.join(' ')} exited with ${r.status}: ${r.stdout}${r.stderr}`);
  return r.stdout;
}

/** A Vietnamese name as typed on a keyboard without diacritics. */
export const withoutDiacritics = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
