// The officer console end to end (issue 23): Chromium against `cancuoc start` on a real database.
// Sign in; find a person by a name typed without diacritics and by ID number; record a birth and
// find the child; record a move and see it in the history; a commune officer is refused a person
// outside their commune; the language switch; a server problem shown next to its field; session
// expiry and sign-out; every page passes axe-core with no serious or critical violation, and is
// photographed in both languages at desktop and phone size (README "Web console").
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { en } from '../src/i18n/en.ts';
import { vi } from '../src/i18n/vi.ts';
import {
  api, axeSerious, createOfficer, DESKTOP, launchBrowser, login, PASSWORD, PHONE, screenshot, startPlatform, withoutDiacritics, type Platform,
} from './harness.ts';

const BA_DINH = '2:00004'; // Phường Ba Đình, Hà Nội
const HA_NOI = '2:01';

let platform: Platform;
let browser: Browser;
let adminToken: string;
interface Row { id_number: string; full_name: string; birth_date: string; sex: string }
let someone: Row; // a living person somewhere, found by the central officer
let mover: Row; // a living adult who moves
let mother: Row; // a living woman of child-bearing age
let outsider: Row; // lives outside Phường Ba Đình

before(async () => {
  platform = await startPlatform({ seedPeople: 3000 });
  adminToken = await login(platform.base, 'admin', platform.adminPassword);
  await createOfficer(platform.base, adminToken, 'trung-uong', 'central');
  await createOfficer(platform.base, adminToken, 'tinh-ha-noi', 'province', HA_NOI);
  await createOfficer(platform.base, adminToken, 'xa-ba-dinh', 'commune', BA_DINH);
  await createOfficer(platform.base, adminToken, 'kiem-toan', 'auditor');
  const sql = platform.db.sql;
  const alive = sql`death_date is null and current_commune_id is not null and birth_date < '2000-01-01'`;
  [someone] = await sql<Row[]>`select id_number, full_name, birth_date, sex from person where ${alive} and full_name ~ '[^a-zA-Z ]' order by id_number limit 1`;
  [mover] = await sql<Row[]>`select id_number, full_name, birth_date, sex from person where ${alive} and id_number <> ${someone!.id_number} order by id_number desc limit 1`;
  [mother] = await sql<Row[]>`select id_number, full_name, birth_date, sex from person where death_date is null and sex = 'female' and birth_date between '1985-01-01' and '2000-01-01' and household_id is not null order by id_number limit 1`;
  [outsider] = await sql<Row[]>`select id_number, full_name, birth_date, sex from person where current_commune_id <> ${BA_DINH} order by id_number limit 1 offset 7`;
  assert.ok(someone && mover && mother && outsider, 'the seeded population has the persons the scenarios need');
  browser = await launchBrowser();
}, { timeout: 240_000 });

after(async () => {
  await browser?.close();
  await platform?.stop();
});

async function open(size = DESKTOP, lang: 'vi' | 'en' = 'vi'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: size, locale: lang === 'vi' ? 'vi-VN' : 'en-GB' });
  if (lang === 'en') await context.addInitScript("localStorage.setItem('cancuoc.language', 'en')");
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (e) => { throw e; });
  return { context, page };
}

async function signIn(page: Page, username: string, t = vi): Promise<void> {
  await page.locator('input[name=username]').fill(username);
  await page.locator('input[name=password]').fill(PASSWORD);
  await page.getByRole('button', { name: t.signIn.submit }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
}

async function noSeriousAxe(page: Page, what: string): Promise<void> {
  const v = await axeSerious(page);
  assert.deepEqual(v.map((x) => `${x.id} (${x.impact}): ${x.help} @ ${x.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}${x.nodes.length > 3 ? ` and ${x.nodes.length - 3} more` : ''}`), [], `axe on ${what}`);
}

async function search(page: Page, text: string, enter = true): Promise<void> {
  const input = page.locator('input[name=q]');
  await input.fill(text);
  if (enter) await input.press('Enter');
}

async function pickUnit(page: Page, label: string, typed: string, option: RegExp): Promise<void> {
  const input = page.getByRole('combobox', { name: label });
  await input.fill(typed);
  await page.getByRole('option', { name: option }).first().click();
}

/** The birth form's child and registration fields (registered in Phường Ba Đình). */
async function fillBirth(page: Page, b: { fullName: string; sex: 'male' | 'female'; birthDate: string; place: string; basis: string }): Promise<void> {
  await page.getByLabel(vi.person.fullName).fill(b.fullName);
  await page.getByRole('combobox', { name: vi.person.sex }).click();
  await page.getByRole('option', { name: vi.sex[b.sex] }).click();
  await page.getByLabel(vi.person.birthDate).fill(b.birthDate);
  await page.getByLabel(vi.person.placeOfBirth).fill(b.place);
  await pickUnit(page, vi.birth.unit, 'Ba Dinh', /Phường Ba Đình/);
  await page.getByLabel(vi.form.legalBasis).fill(b.basis);
}

test('the start command serves the console at / and prints the web address first', async () => {
  const lines = platform.output().split('\n').filter((l) => /^\s{2}\S/.test(l));
  assert.match(lines[0] ?? '', /^\s+Web console\s+http:\/\/127\.0\.0\.1:\d+\/$/);
  const res = await fetch(`${platform.base}/`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /text\/html/);
  assert.match(res.headers.get('content-security-policy') ?? '', /script-src 'self'/);
  const html = await res.text();
  const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
  assert.ok(asset, html);
  const js = await fetch(`${platform.base}${asset}`);
  assert.equal(js.status, 200);
  assert.match(js.headers.get('cache-control') ?? '', /max-age=31536000.*immutable|immutable.*max-age=31536000/);
  // A page of the console is the console; an unknown API path stays a problem document.
  assert.match(await (await fetch(`${platform.base}/persons/001090000001`)).text(), /<div id="root">/);
  const missing = await fetch(`${platform.base}/api/v1/nothing-here`);
  assert.equal(missing.status, 404);
  assert.match(missing.headers.get('content-type') ?? '', /application\/problem\+json/);
});

test('sign in: a development start names the bootstrap account; the officer lands on the search', async () => {
  const { context, page } = await open();
  await page.goto(platform.base);
  await page.waitForURL(/\/sign-in/);
  await assert.doesNotReject(page.getByTestId('dev-hint').getByText(/admin/).waitFor());
  await noSeriousAxe(page, 'sign-in');
  await screenshot(page, 'sign-in.vi.desktop');
  // Wrong password: the API's problem is shown, in the officer's language.
  await page.locator('input[name=username]').fill('trung-uong');
  await page.locator('input[name=password]').fill('wrong password!');
  await page.getByRole('button', { name: vi.signIn.submit }).click();
  await page.getByRole('alert').getByText(vi.problem['invalid-credentials']).waitFor();
  await signIn(page, 'trung-uong');
  assert.equal(new URL(page.url()).pathname, '/persons');
  await page.getByRole('heading', { name: vi.search.title, level: 1 }).waitFor();
  await context.close();
});

test('find a person by a name typed without diacritics, then by ID number', async () => {
  const { context, page } = await open();
  await page.goto(`${platform.base}/persons`);
  await signIn(page, 'trung-uong');
  const typed = withoutDiacritics(someone.full_name).toLowerCase();
  assert.notEqual(typed, someone.full_name);
  await search(page, typed);
  const row = page.locator(`[data-results-for="${typed}"] tr`, { has: page.getByText(someone.id_number) });
  await row.waitFor();
  // What tells namesakes apart: date of birth and commune are in the row.
  const [y, m, d] = someone.birth_date.split('-');
  await row.getByText(`${d}/${m}/${y}`).waitFor();
  await noSeriousAxe(page, 'search results');
  await screenshot(page, 'search.vi.desktop');
  await row.getByRole('link', { name: someone.full_name }).click();
  await page.waitForURL(`**/persons/${someone.id_number}`);
  await page.getByRole('heading', { name: someone.full_name, level: 1 }).waitFor();
  await page.getByTestId('history').waitFor();
  await noSeriousAxe(page, 'person');
  await screenshot(page, 'person.vi.desktop');

  await page.goto(`${platform.base}/persons`);
  await search(page, mover.id_number, false); // as one types: no Enter
  await page.locator(`[data-results-for="${mover.id_number}"]`).getByRole('link', { name: mover.full_name }).click();
  await page.getByRole('heading', { name: mover.full_name, level: 1 }).waitFor();
  await context.close();
});

test('record a birth, then find the child by name', async () => {
  const { context, page } = await open();
  await page.goto(`${platform.base}/births/new?mother=${mother.id_number}`);
  await signIn(page, 'trung-uong');
  assert.equal(new URL(page.url()).pathname, '/births/new', 'back where the officer was before signing in');
  await fillBirth(page, { fullName: 'Trần Thị Thu Hà Phương', sex: 'female', birthDate: '01/11/2025', place: 'Bệnh viện Phụ sản Hà Nội', basis: 'Giấy khai sinh số 101/2025' });
  await noSeriousAxe(page, 'birth form');
  await screenshot(page, 'birth.vi.desktop');
  await page.getByRole('button', { name: vi.form.submit }).click();
  await page.waitForURL(/\/persons\/\d{12}\?recorded=birth/);
  const childId = /\/persons\/(\d{12})/.exec(page.url())![1]!;
  await page.getByRole('heading', { name: 'Trần Thị Thu Hà Phương', level: 1 }).waitFor();
  await page.getByRole('link', { name: mother.full_name }).first().waitFor();

  await page.goto(`${platform.base}/persons`);
  await search(page, 'tran thi thu ha phuong');
  await page.locator('[data-results-for="tran thi thu ha phuong"]').getByText(childId).waitFor();
  await context.close();
});

test('a server problem is shown next to the field it concerns', async () => {
  const { context, page } = await open();
  await page.goto(`${platform.base}/births/new`);
  await signIn(page, 'trung-uong');
  // As one types: the API's own rule (12 digits) is checked before anything is sent.
  const father = page.getByLabel(vi.birth.fatherId);
  await father.fill('12345');
  await father.blur();
  await assert.doesNotReject(page.locator(`#${await father.getAttribute('aria-describedby').then((d) => d!.split(' ').find((x) => x.endsWith('-error')))}`).getByText(vi.form.pattern).waitFor());
  // Well-formed but unknown: only the server knows, and its answer lands under the same field.
  await father.fill('001090999999');
  await fillBirth(page, { fullName: 'Lê Văn Kiểm', sex: 'male', birthDate: '02/11/2025', place: 'Trạm y tế phường Ba Đình', basis: 'Giấy khai sinh số 102/2025' });
  await page.getByRole('button', { name: vi.form.submit }).click();
  await page.locator('input[name=fatherIdNumber][aria-invalid=true]').waitFor();
  const errorId = (await father.getAttribute('aria-describedby'))!.split(' ').find((x) => x.endsWith('-error'))!;
  assert.match(await page.locator(`#${errorId}`).innerText(), /not in the register/);
  assert.equal(new URL(page.url()).pathname, '/births/new');
  await context.close();
});

test('record a move and see it in the history', async () => {
  const { context, page } = await open();
  await page.goto(`${platform.base}/persons/${mover.id_number}/move`);
  await signIn(page, 'trung-uong');
  await page.getByLabel(vi.move.date).fill('15/10/2025');
  await pickUnit(page, vi.form.unit, 'Hong Ha', /Phường Hồng Hà/);
  await page.getByLabel(vi.form.address).fill('Số 12 phố Hàng Chuối, tổ dân phố số 7');
  await page.getByLabel(vi.form.legalBasis).fill('Đăng ký thường trú số 33/2025');
  await noSeriousAxe(page, 'move form');
  await page.getByRole('button', { name: vi.form.submit }).click();
  await page.waitForURL(`**/persons/${mover.id_number}?recorded=move`);
  await page.getByTestId('residence-history').getByText(/Hàng Chuối.*Phường Hồng Hà/).first().waitFor();
  const history = page.getByTestId('history');
  await history.getByText('Đăng ký thường trú số 33/2025').waitFor();
  await history.getByText(vi.person.permanentResidence).first().waitFor();
  await page.getByTestId('events').getByText(vi.event['residence-change']).waitFor();
  await context.close();
});

test('a commune officer is refused a person outside their commune, with a page that says so', async () => {
  const { context, page } = await open();
  await page.goto(`${platform.base}/persons/${outsider.id_number}`);
  await signIn(page, 'xa-ba-dinh');
  const refused = page.getByTestId('refused');
  await refused.waitFor();
  assert.equal(await refused.getAttribute('data-problem'), 'outside-jurisdiction');
  await refused.getByRole('heading', { name: vi.person.outsideTitle }).waitFor();
  await refused.getByText(/Phường Ba Đình/).waitFor();
  assert.equal(await page.getByText(outsider.full_name).count(), 0, 'nothing of the person is shown');
  await noSeriousAxe(page, 'refused person');
  await screenshot(page, 'refused.vi.desktop');
  await context.close();
});

test('the language switch changes the console to English and is remembered', async () => {
  const { context, page } = await open();
  await page.goto(`${platform.base}/persons`);
  await signIn(page, 'trung-uong');
  assert.equal(await page.getAttribute('html', 'lang'), 'vi');
  await page.getByText('EN', { exact: true }).click();
  await page.getByRole('heading', { name: en.search.title, level: 1 }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await page.reload();
  await page.getByRole('heading', { name: en.search.title, level: 1 }).waitFor();
  await page.getByText('VI', { exact: true }).click();
  await page.getByRole('heading', { name: vi.search.title, level: 1 }).waitFor();
  await context.close();
});

test('an expired session returns to sign-in and then to the same page; sign-out ends it', async () => {
  const { context, page } = await open();
  await page.goto(`${platform.base}/persons/${someone.id_number}`);
  // The person page loads its sections after the heading; a section still in flight when the
  // session ends would send the console to sign-in before the click below (next=/persons/…).
  // On a loaded machine they may start more than networkidle's 500 ms after the heading: wait
  // for their answers themselves.
  const sections = Promise.all(['history', 'events'].map((s) => page.waitForResponse((r) => new URL(r.url()).pathname.endsWith(`/persons/${someone.id_number}/${s}`))));
  await signIn(page, 'trung-uong');
  await page.getByRole('heading', { name: someone.full_name, level: 1 }).waitFor();
  await sections;
  await page.waitForLoadState('networkidle');
  // The server ends the session (as at expiry): the next request is refused with 401.
  const token = await page.evaluate<string>("JSON.parse(sessionStorage.getItem('cancuoc.session')).token");
  assert.equal((await api(platform.base, 'POST', '/auth/logout', token)).status, 204);
  await page.getByRole('link', { name: vi.nav.units }).click();
  await page.waitForURL(/\/sign-in\?reason=expired&next=%2Funits/);
  await page.getByText(vi.signIn.expired).waitFor();
  await signIn(page, 'trung-uong');
  assert.equal(new URL(page.url()).pathname, '/units');
  await page.getByRole('button', { name: vi.nav.signOut }).click();
  await page.waitForURL(/\/sign-in\?reason=signed-out/);
  await page.goto(`${platform.base}/persons`);
  await page.waitForURL(/\/sign-in/);
  await context.close();
});

test('dashboards: a provincial officer sees their province, the map toggles to the 63 provinces', async () => {
  const { context, page } = await open();
  await page.goto(`${platform.base}/dashboards`);
  await signIn(page, 'tinh-ha-noi');
  await page.getByRole('heading', { name: vi.dash.title, level: 1 }).waitFor();
  const table = page.getByTestId('completeness');
  await table.getByRole('rowheader', { name: 'Thành phố Hà Nội' }).waitFor();
  assert.equal(await table.getByRole('rowheader').count(), 1, 'one province: their own');
  assert.equal(await page.locator('.map path.cell').count(), 34);
  await page.getByText(vi.dash.gen1).click();
  await page.locator('.map path.cell').nth(62).waitFor();
  assert.equal(await page.locator('.map path.cell').count(), 63);
  await context.close();
  // A commune officer has no dashboards.
  const c = await open();
  await c.page.goto(`${platform.base}/dashboards`);
  await signIn(c.page, 'xa-ba-dinh');
  await c.page.getByRole('heading', { name: vi.forbidden.title }).waitFor();
  await c.context.close();
});

test('the auditor filters the access log by officer and person and verifies it', async () => {
  const { context, page } = await open();
  await page.goto(`${platform.base}/audit`);
  await signIn(page, 'kiem-toan');
  await page.getByLabel(vi.audit.officer).fill('trung-uong');
  await page.getByLabel(vi.audit.person).fill(mover.id_number);
  await page.getByRole('button', { name: vi.audit.apply }).click();
  const log = page.locator(`[data-testid=audit][data-filters="${new URLSearchParams({ officer: 'trung-uong', subject: mover.id_number })}"]`);
  await log.getByText('person.residence-change').first().waitFor();
  for (const who of await log.locator('tbody tr td:nth-child(3)').allInnerTexts()) assert.equal(who, 'trung-uong');
  await page.getByRole('button', { name: vi.audit.verify }).click();
  await page.getByText(/Nhật ký toàn vẹn/).waitFor();
  await context.close();
});

// Every main page, both languages, desktop and phone: axe and a screenshot each.
const PAGES: { name: string; path: () => string; user: string; ready: (t: typeof vi) => string }[] = [
  { name: 'search', path: () => `/persons?q=${encodeURIComponent(withoutDiacritics(someone.full_name))}`, user: 'trung-uong', ready: () => '[data-results-for]' },
  { name: 'person', path: () => `/persons/${someone.id_number}`, user: 'trung-uong', ready: () => '[data-testid=history]' },
  { name: 'birth', path: () => '/births/new', user: 'trung-uong', ready: () => 'input[name=fullName]' },
  { name: 'correction', path: () => `/persons/${someone.id_number}/correction`, user: 'trung-uong', ready: () => 'input[name=legalBasis]' },
  { name: 'units', path: () => '/units?province=2:01', user: 'trung-uong', ready: () => 'table' },
  { name: 'units-before-2025', path: () => '/units?era=before&province=1:01', user: 'trung-uong', ready: () => 'table' },
  { name: 'dashboards', path: () => '/dashboards', user: 'trung-uong', ready: () => '[data-testid=completeness]' },
  { name: 'audit', path: () => '/audit', user: 'kiem-toan', ready: () => '[data-testid=audit]' },
];

for (const lang of ['vi', 'en'] as const) {
  for (const [sizeName, size] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
    test(`every page in ${lang} at ${sizeName} size: no serious or critical axe violation, screenshots`, { timeout: 180_000 }, async () => {
      const t = lang === 'en' ? en : vi;
      const { context, page } = await open(size, lang);
      await page.goto(`${platform.base}/sign-in`);
      await page.getByTestId('dev-hint').waitFor();
      await noSeriousAxe(page, `sign-in ${lang} ${sizeName}`);
      await screenshot(page, `sign-in.${lang}.${sizeName}`);
      let user = '';
      for (const p of PAGES) {
        if (p.user !== user) {
          if (user) await page.evaluate('sessionStorage.clear()');
          await page.goto(`${platform.base}${p.path()}`);
          await signIn(page, p.user, t as typeof vi);
          user = p.user;
        } else {
          await page.goto(`${platform.base}${p.path()}`);
        }
        await page.locator(p.ready(t as typeof vi)).first().waitFor();
        // Nothing overflows sideways: long names and addresses wrap (tables scroll in their box).
        const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
        assert.ok(overflow <= 1, `${p.name} ${lang} ${sizeName} is ${overflow}px wider than the window`);
        await noSeriousAxe(page, `${p.name} ${lang} ${sizeName}`);
        await screenshot(page, `${p.name}.${lang}.${sizeName}`);
      }
      await context.close();
    });
  }
}
