// The duplicate review pages end to end (issue 19 in the console): a register with planted
// duplicates (`cancuoc seed --dirty`), one detection run (`cancuoc quality run`), then a provincial
// officer in Chromium works the queue — opens a pair, reads the score explained per field, is
// told what the form still needs, rejects one pair and merges another — and a commune officer
// sees only the pairs of their commune. Every page passes axe-core and is photographed.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { en } from '../src/i18n/en.ts';
import { vi } from '../src/i18n/vi.ts';
import { api, axeSerious, cancuoc, createOfficer, DESKTOP, launchBrowser, login, PASSWORD, PHONE, screenshot, startPlatform, type Platform } from './harness.ts';

const HA_NOI = '2:01';

let platform: Platform;
let browser: Browser;
let provinceToken: string;

before(async () => {
  platform = await startPlatform({ seedPeople: 200 });
  // 600 persons of Hà Nội, 5 % of them registered a second time with one planted error each.
  cancuoc(platform, ['seed', '--people', '600', '--province', '01', '--seed', '7', '--dirty', '0.05', '--no-progress']);
  cancuoc(platform, ['quality', 'run', '--only', 'duplicates', '--no-progress']);
  const adminToken = await login(platform.base, 'admin', platform.adminPassword);
  await createOfficer(platform.base, adminToken, 'tinh-ha-noi', 'province', HA_NOI);
  provinceToken = await login(platform.base, 'tinh-ha-noi', PASSWORD);
  browser = await launchBrowser();
}, { timeout: 600_000 });

after(async () => {
  await browser?.close();
  await platform?.stop();
});

async function signedIn(username: string, size = DESKTOP, lang: 'vi' | 'en' = 'vi'): Promise<Page> {
  const context = await browser.newContext({ viewport: size, locale: lang === 'vi' ? 'vi-VN' : 'en-GB' });
  if (lang === 'en') await context.addInitScript("localStorage.setItem('cancuoc.language', 'en')");
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (e) => { throw e; });
  await page.goto(`${platform.base}/sign-in`);
  await page.locator('input[name=username]').fill(username);
  await page.locator('input[name=password]').fill(PASSWORD);
  await page.getByRole('button', { name: (lang === 'vi' ? vi : en).signIn.submit }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
  return page;
}

async function noSeriousAxe(page: Page, what: string): Promise<void> {
  const v = await axeSerious(page);
  assert.deepEqual(v.map((x) => `${x.id} (${x.impact}): ${x.help} @ ${x.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`), [], `axe on ${what}`);
}

interface PairRow { id: string; band: string; status: string; a: { idNumber: string }; b: { idNumber: string } }

test('a provincial officer works the duplicate queue: explanation, a refusal on the form, a rejection and a merge', { timeout: 300_000 }, async () => {
  const queue = await api(platform.base, 'GET', '/quality/pairs?band=same&limit=100', provinceToken);
  assert.equal(queue.status, 200);
  const pairs = queue.body.items as PairRow[];
  assert.ok(pairs.length >= 2, `the planted duplicates are proposed (${pairs.length} same-person pairs)`);

  const page = await signedIn('tinh-ha-noi');
  await page.getByRole('link', { name: vi.nav.duplicates }).click();
  await page.waitForURL(/\/quality\/pairs$/);
  // Loaded afresh for axe: the navigation's active-link colour is mid-transition right after the click.
  await page.reload();
  const rows = page.getByTestId('pairs').locator('tbody tr');
  await rows.first().waitFor();
  assert.ok(await rows.count() >= 2);
  await noSeriousAxe(page, 'the review queue');
  await screenshot(page, 'duplicates-vi-desktop');

  // The first pair of the "same person" band: its page compares the records and explains the score.
  await page.locator('.mantine-SegmentedControl-label', { hasText: vi.dup.bands.same }).click();
  await page.waitForURL(/band=same/);
  const first = pairs[0]!;
  await page.goto(`${platform.base}/quality/pairs/${first.id}`);
  await page.getByTestId('pair-explanation').locator('tbody tr').first().waitFor();
  assert.match(await page.getByTestId('pair-compare').innerText(), new RegExp(first.a.idNumber));
  assert.match(await page.getByTestId('pair-compare').innerText(), new RegExp(first.b.idNumber));
  assert.ok(await page.getByTestId('pair-explanation').locator('tbody tr').count() >= 3, 'every compared field is explained');
  await noSeriousAxe(page, 'a pair');
  await screenshot(page, 'duplicate-pair-vi-desktop');

  // Reject without a legal basis: the form says what is missing, next to the field, and sends nothing.
  await page.getByRole('radio', { name: vi.dup.reject }).check();
  await page.getByRole('button', { name: vi.form.submit }).click();
  const basis = page.getByRole('textbox', { name: vi.form.legalBasis });
  await page.getByText(vi.form.required).first().waitFor();
  assert.equal(await basis.getAttribute('aria-invalid'), 'true');
  assert.equal((await api(platform.base, 'GET', `/quality/pairs/${first.id}`, provinceToken)).body.status, 'open', 'nothing was decided');
  await basis.fill('Biên bản xác minh số 1/2026');
  await page.getByRole('button', { name: vi.form.submit }).click();
  await page.getByTestId('decision-result').waitFor();
  assert.equal((await api(platform.base, 'GET', `/quality/pairs/${first.id}`, provinceToken)).body.status, 'rejected');

  // The second pair is merged into its record A: B's number is retired and points to A.
  const second = pairs[1]!;
  await page.goto(`${platform.base}/quality/pairs/${second.id}`);
  await page.getByRole('radio', { name: vi.dup.confirm }).check();
  await page.getByRole('radio', { name: new RegExp(second.a.idNumber) }).check();
  await basis.fill('Biên bản xác minh số 2/2026');
  await page.getByRole('button', { name: vi.form.submit }).click();
  await page.getByTestId('decision-result').waitFor();
  assert.match(await page.getByTestId('decision-result').innerText(), new RegExp(second.a.idNumber));
  const after = await api(platform.base, 'GET', `/quality/pairs/${second.id}`, provinceToken);
  assert.equal(after.body.status, 'merged');
  assert.equal(after.body.survivor, second.a.idNumber);
  assert.equal(after.body.b.inRegister, false, 'the absorbed record\'s number is retired');
  // Gone from the queue.
  const open = (await api(platform.base, 'GET', '/quality/pairs?limit=100', provinceToken)).body.items as PairRow[];
  assert.ok(!open.some((p) => p.id === first.id || p.id === second.id));
  await page.context().close();
});

test('the queue in English and on a phone', { timeout: 120_000 }, async () => {
  const page = await signedIn('tinh-ha-noi', PHONE, 'en');
  await page.goto(`${platform.base}/quality/pairs`);
  await page.getByRole('heading', { name: en.dup.title }).waitFor();
  await page.getByTestId('pairs').locator('tbody tr').first().waitFor();
  await noSeriousAxe(page, 'the review queue on a phone');
  await screenshot(page, 'duplicates-en-phone');
  await page.context().close();
});

test('a commune officer sees only the pairs of their commune; an auditor has no queue', { timeout: 120_000 }, async () => {
  const all = (await api(platform.base, 'GET', '/quality/pairs?limit=100', provinceToken)).body.items as PairRow[];
  const [{ commune }] = await platform.db.sql<{ commune: string }[]>`
    select current_commune_id as commune from person where id_number = any(${all.map((p) => p.a.idNumber)}) and current_commune_id is not null limit 1`;
  assert.ok(commune, 'a pair with a current commune');
  const adminToken = await login(platform.base, 'admin', platform.adminPassword);
  await createOfficer(platform.base, adminToken, 'xa-trung-lap', 'commune', commune);
  await createOfficer(platform.base, adminToken, 'kiem-toan-dl', 'auditor');
  const communeToken = await login(platform.base, 'xa-trung-lap', PASSWORD);
  const mine = (await api(platform.base, 'GET', '/quality/pairs?limit=100', communeToken)).body.items as PairRow[];

  const page = await signedIn('xa-trung-lap');
  await page.goto(`${platform.base}/quality/pairs`);
  await page.getByRole('heading', { name: vi.dup.title }).waitFor();
  if (mine.length === 0) await page.getByText(vi.dup.none).waitFor();
  else await page.getByTestId('pairs').locator('tbody tr').first().waitFor();
  const shown = mine.length === 0 ? 0 : await page.getByTestId('pairs').locator('tbody tr').count();
  assert.equal(shown, mine.length, 'the page shows exactly the commune\'s queue');
  assert.ok(mine.length < all.length, 'a commune\'s queue is part of the province\'s');
  await page.context().close();

  const auditor = await signedIn('kiem-toan-dl');
  await auditor.goto(`${platform.base}/quality/pairs`);
  await auditor.getByRole('alert').or(auditor.getByRole('heading', { level: 1 })).first().waitFor();
  assert.equal(await auditor.getByTestId('pairs').count(), 0, 'no queue for an auditor');
  assert.equal(await auditor.getByRole('link', { name: vi.nav.duplicates }).count(), 0, 'no link either');
  await auditor.context().close();
});
