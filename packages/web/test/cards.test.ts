// The identity-card pages end to end (issue 16 in the console), on the real platform over HTTP:
// a commune officer finds the cards section on a person's page, opens an application there,
// uploads the photo and the ten fingers, runs the checks and works the queue; a provincial
// officer who took an application is refused its approval (four eyes) and is told why, and
// another approves it; a rejection needs its reason; a produced card appears on the person's
// page, its face shows, it is handed over and reported stolen. Every new page passes axe-core
// and is photographed in both languages.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { fingerImage, portraitJpeg, tenFingers } from '../../server/src/cards/test-helpers.ts';
import { cardsEn as ce } from '../src/i18n/cards-en.ts';
import { cardsVi as cv } from '../src/i18n/cards-vi.ts';
import { en } from '../src/i18n/en.ts';
import { vi } from '../src/i18n/vi.ts';
import { api, axeSerious, createOfficer, DESKTOP, launchBrowser, login, PASSWORD, PHONE, screenshot, startPlatform, type Platform } from './harness.ts';

let platform: Platform;
let browser: Browser;
let adminToken: string;
let communeToken: string;
let provinceToken: string;
let centralToken: string;
/** Adults of one commune with no card on record: one per scenario. */
let people: { id_number: string; full_name: string }[];
let commune: string;

before(async () => {
  platform = await startPlatform({ seedPeople: 300 });
  const sql = platform.db.sql;
  [{ commune }] = await sql<{ commune: string }[]>`
    select current_commune_id as commune from person where death_date is null and current_commune_id like '2:%'
    group by 1 order by count(*) desc, 1 limit 1`;
  const [{ province }] = await sql<{ province: string }[]>`select province_id as province from admin_unit where id = ${commune}`;
  adminToken = await login(platform.base, 'admin', platform.adminPassword);
  await createOfficer(platform.base, adminToken, 'xa-the', 'commune', commune);
  await createOfficer(platform.base, adminToken, 'tinh-the', 'province', province);
  await createOfficer(platform.base, adminToken, 'tinh-the-2', 'province', province);
  await createOfficer(platform.base, adminToken, 'trung-uong-the', 'central');
  communeToken = await login(platform.base, 'xa-the', PASSWORD);
  provinceToken = await login(platform.base, 'tinh-the', PASSWORD);
  centralToken = await login(platform.base, 'trung-uong-the', PASSWORD);
  // Four adults of the commune, registered late through the API: no card on record, one per scenario.
  people = [];
  for (const [i, fullName] of ['Lê Thị Thẻ Một', 'Phạm Văn Thẻ Hai', 'Hoàng Thị Thẻ Ba', 'Vũ Đức Thẻ Bốn'].entries()) {
    const born = await ok(api(platform.base, 'POST', '/births', centralToken, {
      fullName, sex: i % 2 ? 'male' : 'female', birthDate: `198${i}-0${i + 3}-1${i}`, placeOfBirth: 'Trạm y tế xã', birthRegistrationUnitId: commune,
      ethnicity: 'Kinh', permanentResidence: { unitId: commune, address: `Số ${i + 1} đường Căn Cước` }, legalBasis: `Đăng ký khai sinh quá hạn, trích lục số ${i + 1}/2026`,
    }), 201);
    people.push({ id_number: born.idNumber, full_name: fullName });
  }
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
  page.setDefaultTimeout(20_000);
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

/** No horizontal scrolling of the page itself (a wide table scrolls in its own box). */
async function fitsWidth(page: Page, what: string): Promise<void> {
  const [scroll, client] = await page.evaluate<[number, number]>('[document.documentElement.scrollWidth, document.documentElement.clientWidth]');
  assert.ok(scroll <= client, `${what} is ${scroll} px wide in a ${client} px window`);
}

async function ok(r: Promise<{ status: number; body: any }>, status = 200): Promise<any> {
  const res = await r;
  assert.equal(res.status, status, JSON.stringify(res.body));
  return res.body;
}

/** An application taken by `token`'s officer at the commune's office, with photo and fingers, checked (verified). */
async function verifiedApplication(token: string, idNumber: string): Promise<{ id: string; reference: string }> {
  const app = await ok(api(platform.base, 'POST', '/card-applications', token, { idNumber, kind: 'first', receivingUnitId: commune }), 201);
  const photo = await fetch(`${platform.base}/api/v1/card-applications/${app.id}/photo`, {
    method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'image/jpeg' }, body: portraitJpeg(),
  });
  assert.equal(photo.status, 200, await photo.text());
  await ok(api(platform.base, 'PUT', `/card-applications/${app.id}/fingerprints`, token, { fingers: tenFingers() }));
  const checks = await ok(api(platform.base, 'POST', `/card-applications/${app.id}/checks`, token));
  assert.equal(checks.passed, true, JSON.stringify(checks.failures));
  return app;
}

test('a commune officer opens an application from the person page: kind, photo, ten fingers, checks', { timeout: 300_000 }, async () => {
  const person = people[0]!;
  const page = await signedIn('xa-the');
  await page.goto(`${platform.base}/persons/${person.id_number}`);
  const section = page.getByTestId('person-cards');
  await section.getByText(cv.person.none).waitFor();
  await section.getByText(cv.person.noOpenApplication).waitFor();
  await noSeriousAxe(page, 'the person page with its cards section');

  await section.getByRole('link', { name: cv.person.open }).click();
  await page.waitForURL(/\/cards\/applications\/new\?idNumber=/);
  await page.getByRole('heading', { name: cv.form.title }).waitFor();
  await noSeriousAxe(page, 'the application form');
  await screenshot(page, 'card-application-new-vi-desktop');
  // Without a kind the form says what is missing and sends nothing.
  await page.getByRole('button', { name: vi.form.submit }).click();
  await page.getByText(vi.form.required, { exact: true }).first().waitFor();
  assert.deepEqual((await ok(api(platform.base, 'GET', `/card-applications?idNumber=${person.id_number}`, communeToken))).items, []);
  // A reissue needs its legal reason: the field appears with the kind.
  await page.getByRole('radio', { name: cv.kind.reissue }).check();
  await page.getByRole('combobox', { name: cv.form.reissueReason }).waitFor();
  await page.getByRole('radio', { name: cv.kind.first }).check();
  assert.equal(await page.getByRole('combobox', { name: cv.form.reissueReason }).count(), 0);
  await page.getByRole('button', { name: vi.form.submit }).click();
  await page.waitForURL(/\/cards\/applications\/[0-9a-f-]{36}$/);
  const id = page.url().split('/').pop()!;
  const created = await ok(api(platform.base, 'GET', `/card-applications/${id}`, communeToken));
  assert.equal(created.idNumber, person.id_number);
  assert.equal(created.kind, 'first');
  assert.equal(created.status, 'received');
  await page.getByRole('heading', { name: cv.app.title.replace('{{reference}}', created.reference) }).waitFor();

  // The checks before any biometrics: both missing, each explained.
  await page.getByRole('button', { name: cv.app.runChecks }).click();
  await page.locator('[data-testid=checks-verdict][data-passed=false]').waitFor();
  const failures = page.getByTestId('check-failures');
  assert.match(await failures.innerText(), new RegExp(cv.check['photo-missing'].replace(/[().]/g, '.')));
  assert.match(await failures.innerText(), new RegExp(cv.check['fingerprints-missing'].replace(/[().]/g, '.')));
  await noSeriousAxe(page, 'an application whose checks failed');

  // The photo: a JPEG file, shown once stored.
  await page.locator('input[type=file][name=photo]').setInputFiles({ name: 'chan-dung.jpg', mimeType: 'image/jpeg', buffer: portraitJpeg() });
  await page.getByRole('button', { name: cv.app.send }).click();
  await page.getByTestId('photo').waitFor();
  assert.match(await page.getByTestId('photo-state').innerText(), /600 × 800/);

  // A PNG as the photo is refused by the API, and the page says so in Vietnamese.
  await page.locator('input[type=file][name=photo]').setInputFiles({ name: 'sai.png', mimeType: 'image/jpeg', buffer: fingerImage('png') });
  await page.getByRole('button', { name: cv.app.send }).click();
  await page.locator('[data-testid=action-problem][data-problem=photo-not-jpeg]').waitFor();
  assert.match(await page.getByTestId('action-problem').innerText(), new RegExp(cv.problem['photo-not-jpeg']));

  // The ten fingers: nine images with their quality, the little finger of the left hand amputated.
  const png = fingerImage('png');
  for (let p = 1; p <= 9; p++) {
    await page.locator(`input[type=file][name=finger-${p}]`).setInputFiles({ name: `ngon-${p}.png`, mimeType: 'image/png', buffer: png });
    await page.getByRole('textbox', { name: cv.capture.quality.replace('{{finger}}', cv.fingerName[p as 1]) }).fill(p === 3 ? '20' : '65');
  }
  await page.getByRole('combobox', { name: cv.capture.reason.replace('{{finger}}', cv.fingerName[10]) }).click();
  await page.getByRole('option', { name: cv.missingReason.amputated }).click();
  await page.getByRole('button', { name: cv.capture.send }).click();
  await page.getByTestId('fingers').locator('tbody tr').nth(9).waitFor();
  const fingers = page.getByTestId('fingers');
  assert.match(await fingers.locator('[data-position="10"]').innerText(), new RegExp(cv.missingReason.amputated));
  assert.match(await fingers.locator('[data-position="3"]').innerText(), new RegExp(cv.app.lowQuality), 'a quality of 20 is flagged for recapture');

  // The checks pass now: verified. A commune officer does not decide.
  await page.getByRole('button', { name: cv.app.runChecks }).click();
  await page.locator('[data-testid=checks-verdict][data-passed=true]').waitFor();
  await page.locator(`[data-application="${id}"][data-status=verified]`).waitFor();
  await page.getByText(cv.app.notDecider).waitFor();
  assert.equal(await page.getByRole('button', { name: cv.app.approve }).count(), 0);
  await noSeriousAxe(page, 'a verified application');
  await screenshot(page, 'card-application-vi-desktop');
  const stored = await ok(api(platform.base, 'GET', `/card-applications/${id}`, communeToken));
  assert.equal(stored.status, 'verified');
  assert.deepEqual(stored.fingerprints.map((f: { missingReason: string | null }) => f.missingReason), [null, null, null, null, null, null, null, null, null, 'amputated']);

  // Back on the person's page: the open application, and no second "open an application".
  await page.goto(`${platform.base}/persons/${person.id_number}`);
  await section.getByTestId('open-application').getByText(created.reference).waitFor();
  assert.equal(await section.getByRole('link', { name: cv.person.open }).count(), 0);
  await screenshot(page, 'person-cards-vi-desktop');
  await page.context().close();
});

test('the queue: the jurisdiction\'s applications, filtered by status, in both languages', { timeout: 180_000 }, async () => {
  await verifiedApplication(communeToken, people[1]!.id_number);
  const all = (await ok(api(platform.base, 'GET', '/card-applications?limit=50', communeToken))).items as { id: string; reference: string; status: string }[];
  assert.ok(all.length >= 2);

  const page = await signedIn('xa-the');
  await page.getByRole('link', { name: vi.nav.cards }).click();
  await page.waitForURL(/\/cards\/applications$/);
  await page.reload();
  const rows = page.getByTestId('applications').locator('tbody tr');
  await rows.first().waitFor();
  assert.equal(await rows.count(), all.length, 'the page shows the office\'s applications');
  await noSeriousAxe(page, 'the applications queue');
  await screenshot(page, 'card-applications-vi-desktop');

  await page.getByRole('combobox', { name: cv.queue.filter }).click();
  await page.getByRole('option', { name: cv.status.verified }).click();
  await page.waitForURL(/status=verified/);
  await page.getByTestId('applications').locator('tbody tr').first().waitFor();
  const shown = await page.getByTestId('applications').locator('[data-status]').evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
  assert.ok(shown.length > 0 && shown.every((s) => s === 'verified'), `only verified ones: ${shown.join(',')}`);

  await page.goto(`${platform.base}/cards/applications?status=rejected`);
  await page.getByText(cv.queue.none).waitFor();
  // A row leads to its application.
  await page.goto(`${platform.base}/cards/applications`);
  await page.getByRole('link', { name: cv.queue.openOne.replace('{{reference}}', all[0]!.reference) }).click();
  await page.waitForURL(new RegExp(`/cards/applications/${all[0]!.id}$`));
  await page.context().close();

  const phone = await signedIn('xa-the', PHONE, 'en');
  await phone.goto(`${platform.base}/cards/applications`);
  await phone.getByRole('heading', { name: ce.queue.title }).waitFor();
  await phone.getByTestId('applications').locator('tbody tr').first().waitFor();
  await noSeriousAxe(phone, 'the queue on a phone, in English');
  await fitsWidth(phone, 'the queue on a phone');
  await screenshot(phone, 'card-applications-en-phone');
  await phone.context().close();
});

test('four eyes: the officer who took an application is refused its approval and told why; another approves', { timeout: 180_000 }, async () => {
  const app = await verifiedApplication(provinceToken, people[2]!.id_number);
  const page = await signedIn('tinh-the');
  await page.goto(`${platform.base}/cards/applications/${app.id}`);
  await page.getByText(cv.app.yourOwn).waitFor();
  await page.getByRole('button', { name: cv.app.approve }).click();
  const problem = page.locator('[data-testid=action-problem][data-problem=own-application]');
  await problem.waitFor();
  assert.match(await problem.innerText(), new RegExp(cv.problem['own-application'].replace(/[()]/g, '.')));
  assert.match(await problem.innerText(), /four eyes/, 'the API\'s own detail is shown beneath');
  assert.equal((await ok(api(platform.base, 'GET', `/card-applications/${app.id}`, provinceToken))).status, 'verified', 'nothing was decided');
  await noSeriousAxe(page, 'an application with the four-eyes refusal');
  await screenshot(page, 'card-application-own-vi-desktop');
  await page.context().close();

  const other = await signedIn('tinh-the-2', DESKTOP, 'en');
  await other.goto(`${platform.base}/cards/applications/${app.id}`);
  await other.getByRole('textbox', { name: `${ce.app.noteLabel} ${en.form.optional}` }).fill('Hồ sơ đầy đủ');
  await other.getByRole('button', { name: ce.app.approve }).click();
  await other.locator(`[data-application="${app.id}"][data-status=approved]`).waitFor();
  assert.match(await other.getByTestId('decision').innerText(), /Hồ sơ đầy đủ/);
  const decided = await ok(api(platform.base, 'GET', `/card-applications/${app.id}`, provinceToken));
  assert.equal(decided.status, 'approved');
  assert.equal(decided.decisionNote, 'Hồ sơ đầy đủ');
  await noSeriousAxe(other, 'an approved application, in English');
  await screenshot(other, 'card-application-en-desktop');
  await other.context().close();
});

test('a rejection needs the reason the citizen is told', { timeout: 120_000 }, async () => {
  const app = await verifiedApplication(communeToken, people[3]!.id_number);
  const page = await signedIn('tinh-the', PHONE);
  await page.goto(`${platform.base}/cards/applications/${app.id}`);
  await page.getByRole('button', { name: cv.app.reject }).click();
  const reason = page.getByRole('textbox', { name: cv.app.rejectReason });
  await page.getByText(vi.form.required, { exact: true }).first().waitFor();
  assert.equal(await reason.getAttribute('aria-invalid'), 'true');
  assert.equal((await ok(api(platform.base, 'GET', `/card-applications/${app.id}`, provinceToken))).status, 'verified');
  await reason.fill('Ảnh không đạt chuẩn');
  await page.getByRole('button', { name: cv.app.reject }).click();
  await page.locator(`[data-application="${app.id}"][data-status=rejected]`).waitFor();
  assert.equal((await ok(api(platform.base, 'GET', `/card-applications/${app.id}`, provinceToken))).decisionNote, 'Ảnh không đạt chuẩn');
  await noSeriousAxe(page, 'a rejected application on a phone');
  await fitsWidth(page, 'an application on a phone');
  await screenshot(page, 'card-application-vi-phone');
  await page.context().close();
});

test('a produced card appears on the person\'s page with its status and dates', { timeout: 300_000 }, async () => {
  // The application of the first test, approved by a provincial officer, made into a card and received at the office.
  const [first] = (await ok(api(platform.base, 'GET', `/card-applications?idNumber=${people[0]!.id_number}`, communeToken))).items;
  await ok(api(platform.base, 'POST', `/card-applications/${first.id}/approval`, provinceToken, {}));
  const batch = await ok(api(platform.base, 'POST', '/card-batches', centralToken, { receivingUnitId: commune, limit: 10 }), 201);
  await ok(api(platform.base, 'POST', `/card-batches/${batch.id}/personalisation`, centralToken, { concurrency: 1 }));
  await ok(api(platform.base, 'POST', `/card-batches/${batch.id}/quality-control`, centralToken, {}));
  await ok(api(platform.base, 'POST', `/card-batches/${batch.id}/shipment`, centralToken, {}));
  await ok(api(platform.base, 'POST', `/card-batches/${batch.id}/receipt`, communeToken, {}));
  const cards = (await ok(api(platform.base, 'GET', `/persons/${people[0]!.id_number}/cards`, communeToken))).items as { cardNumber: string; status: string; issueDate: string }[];
  assert.equal(cards.length, 1);
  assert.equal(cards[0]!.status, 'ready');

  const page = await signedIn('xa-the', DESKTOP, 'en');
  await page.goto(`${platform.base}/persons/${people[0]!.id_number}`);
  const table = page.getByTestId('person-cards').getByTestId('cards');
  await table.waitFor();
  const row = await table.locator('tbody tr').first().innerText();
  assert.match(row, new RegExp(cards[0]!.cardNumber));
  assert.match(row, new RegExp(ce.cardStatus.ready, 'i'), 'badges are shown in capitals');
  const [y, m, d] = cards[0]!.issueDate.split('-');
  assert.match(row, new RegExp(`${d}/${m}/${y}`), 'dates as dd/mm/yyyy');
  await noSeriousAxe(page, 'the person page with a card, in English');
  await screenshot(page, 'person-cards-en-desktop');
  await page.context().close();

  // The card's page: its face, then the hand-over at the counter and a reported theft.
  const number = cards[0]!.cardNumber;
  const counter = await signedIn('xa-the');
  await counter.goto(`${platform.base}/persons/${people[0]!.id_number}`);
  await counter.getByRole('link', { name: cv.person.openCard.replace('{{number}}', number) }).click();
  await counter.waitForURL(new RegExp(`/cards/${number}$`));
  await counter.locator(`[data-card="${number}"][data-status=ready]`).waitFor();
  const front = counter.getByRole('img', { name: cv.card.front.replace('{{number}}', number) });
  await front.waitFor();
  // Both faces decoded at 300 dpi. A function, not a string: the console's CSP forbids eval.
  const faces = counter.locator('[data-testid=card-face] img');
  for (const deadline = Date.now() + 15_000; ;) {
    const loaded = await faces.evaluateAll((imgs) => imgs.length > 0 && imgs.every((i) => (i as unknown as { complete: boolean }).complete && (i as unknown as { naturalWidth: number }).naturalWidth > 1000));
    if (loaded) break;
    assert.ok(Date.now() < deadline, 'the card faces load');
    await new Promise((r) => setTimeout(r, 100));
  }
  await noSeriousAxe(counter, 'a ready card');
  await screenshot(counter, 'card-vi-desktop');
  await counter.getByRole('button', { name: cv.card.handOver }).click();
  await counter.locator(`[data-card="${number}"][data-status=active]`).waitFor();
  assert.equal((await ok(api(platform.base, 'GET', `/cards/${number}`, communeToken))).status, 'active');
  // Loss needs its kind; stolen it is.
  await counter.getByRole('button', { name: cv.card.loss }).click();
  await counter.getByText(vi.form.required, { exact: true }).first().waitFor();
  assert.equal((await ok(api(platform.base, 'GET', `/cards/${number}`, communeToken))).status, 'active');
  await counter.getByRole('radio', { name: cv.card.stolen }).check();
  await counter.getByRole('button', { name: cv.card.loss }).click();
  await counter.locator(`[data-card="${number}"][data-status=stolen]`).waitFor();
  assert.equal((await ok(api(platform.base, 'GET', `/cards/${number}/status`))).reason, 'lost-or-stolen');
  await noSeriousAxe(counter, 'a stolen card');
  await counter.context().close();

  const phone = await signedIn('xa-the', PHONE, 'en');
  await phone.goto(`${platform.base}/cards/${number}`);
  await phone.locator(`[data-card="${number}"][data-status=stolen]`).waitFor();
  await phone.getByTestId('card-face').waitFor();
  await fitsWidth(phone, 'a card on a phone');
  await noSeriousAxe(phone, 'a card on a phone, in English');
  await screenshot(phone, 'card-en-phone');
  await phone.context().close();
});
