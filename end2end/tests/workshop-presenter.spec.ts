import AxeBuilder from '@axe-core/playwright';
import { expect, request as http, test, type APIRequestContext, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { signIn, signInAs } from './helpers';

// The facilitator's pages of a workshop (issue 12): the study's workshops and the form that
// starts one, and the presenter. Participants join and vote through the REST API, each with a
// request context (a cookie jar) of their own, as their phones would; the presenter follows
// them live, without a reload.

const STUDY = 'Demo-studie Commercie (fictief)';
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

type Rating = 'recognised' | 'partly' | 'not_recognised' | 'not_discussed';

async function demoStudy(request: APIRequestContext): Promise<{ id: string }> {
  const studies = await (await request.get('/api/v1/studies')).json();
  return studies.find((s: { name: string }) => s.name === STUDY);
}

/** A phone: its own cookie jar, joined under `name`. */
async function participant(baseURL: string | undefined, code: string, name: string) {
  const phone = await http.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL ?? '' } });
  const res = await phone.post('/api/v1/join', { data: { code, display_name: name } });
  expect(res.status(), await res.text()).toBe(200);
  return phone;
}

async function vote(phone: APIRequestContext, workshop: string, item: string, rating: Rating) {
  return phone.post(`/api/v1/workshops/${workshop}/votes`, {
    data: { item_id: item, rating, op_id: randomUUID() },
  });
}

async function castVote(phone: APIRequestContext, workshop: string, item: string, rating: Rating) {
  const res = await vote(phone, workshop, item, rating);
  expect(res.status(), await res.text()).toBe(200);
}

async function workshopView(page: Page, id: string) {
  const res = await page.request.get(`/api/v1/workshops/${id}`);
  expect(res.status()).toBe(200);
  return res.json();
}

/** A workshop on the codebook's first role, made through the API; its id. */
async function apiWorkshop(page: Page, baseURL: string | undefined, title: string, mode: 'paced' | 'self_paced') {
  const study = await demoStudy(page.request);
  const codebook = (await (await page.request.get(`/api/v1/studies/${study.id}`)).json()).codebook_id;
  const tree = await (await page.request.get(`/api/v1/codebooks/${codebook}`)).json();
  const role = tree.nodes.find((n: { kind: string }) => n.kind === 'role').id;
  const made = await page.request.post(`/api/v1/studies/${study.id}/workshops`, {
    data: { title, role_ids: [role], mode },
    headers: { origin: baseURL ?? '' },
  });
  expect(made.status()).toBe(201);
  return (await made.json()).id as string;
}

/** The presenter, once its live stream is connected (which also means the page has hydrated). */
async function openPresenter(page: Page, id: string) {
  await page.goto(`/workshops/${id}`);
  await expect(page.getByTestId('live-state')).toHaveAttribute('data-state', 'live', { timeout: 20_000 });
}

async function expectNoViolations(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  const found = results.violations.map((v) => ({
    rule: v.id,
    help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
  }));
  expect(found, `${what}: ${JSON.stringify(found, null, 2)}`).toEqual([]);
}

/** The chart's count of one rating, in a round card. */
function count(round: ReturnType<Page['getByTestId']>, rating: Rating) {
  return round.locator(`tr[data-rating="${rating}"] [data-testid="count"]`);
}

test('a coordinator starts a paced workshop and runs it while the room votes, live', async ({ page, baseURL }, testInfo) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1920, height: 1080 });
  // The pages hydrate and stay live without a script error or a hydration warning.
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
  });
  await signIn(page, baseURL);
  const study = await demoStudy(page.request);

  // From the study page to its workshops, and a new one through the form.
  await page.goto(`/studies/${study.id}`);
  await page.getByTestId('open-workshops').click();
  await expect(page).toHaveURL(new RegExp(`/studies/${study.id}/workshops$`));
  await expect(page.getByTestId('workshops-title')).toHaveText('Werksessies');
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: testInfo.outputPath('workshops-1920.png'), fullPage: true });
  await expectNoViolations(page, 'the workshops page');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: testInfo.outputPath('workshops-390.png'), fullPage: true });
  await page.setViewportSize({ width: 1920, height: 1080 });
  const title = `Werkveldsessie ${Date.now()}`;
  // Before the page has hydrated the form cannot send: try until it has.
  await expect(async () => {
    await page.getByLabel('Titel').fill(title);
    await page.getByTestId('ws-role').first().check();
    await expect(page.getByLabel('Op tempo van de begeleider')).toBeChecked();
    await page.getByTestId('create-workshop').click();
    await expect(page).toHaveURL(/\/workshops\/[0-9a-f-]{36}$/, { timeout: 3_000 });
  }).toPass({ timeout: 30_000 });
  const id = page.url().split('/').pop()!;
  await expect(page.getByTestId('workshop-title')).toHaveText(title);
  await expect(page.getByTestId('live-state')).toHaveAttribute('data-state', 'live', { timeout: 20_000 });

  // The code, the address and the QR code, as the room reads them.
  const code = (await page.getByTestId('join-code').textContent())!.trim();
  expect(code).toMatch(/^[A-HJKMNP-Z2-9]{7}$/);
  await expect(page.getByTestId('join-address')).toHaveText(/\/join$/);
  const qr = page.getByTestId('join-qr');
  await expect(qr).toHaveAttribute('src', `/api/v1/workshops/${id}/qr.svg`);
  await expect.poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  await expect(page.getByTestId('participants')).toHaveText('0');
  await expect(page.getByTestId('stage')).toContainText('Nog geen onderdeel geopend');
  await expect(page.getByTestId('previous-item')).toBeDisabled();
  await expect(page.getByTestId('reveal')).toBeDisabled();

  // Three phones join: the count follows.
  const phones = [];
  for (const name of ['Anna', 'Bram', 'Cem']) phones.push(await participant(baseURL, code.toLowerCase(), name));
  await expect(page.getByTestId('participants')).toHaveText('3');

  // The first item, opened with "volgende onderdeel".
  await page.getByTestId('next-item').click();
  await expect(page.getByTestId('current-item')).toBeVisible();
  const view = await workshopView(page, id);
  const first: string = view.state.open_item;
  expect(first).toBe(view.items[0].item_id);
  await expect(page.getByTestId('stage')).toContainText('Onderdeel 1 van');
  const round1 = page.locator('[data-testid="round"][data-round="1"]');
  await expect(round1.getByTestId('voted')).toHaveText('0 van 3 deelnemers hebben gestemd');

  // Blind: the votes are counted as they come, the distribution stays hidden from the room.
  await castVote(phones[0], id, first, 'recognised');
  await castVote(phones[1], id, first, 'partly');
  await expect(round1.getByTestId('voted')).toHaveText('2 van 3 deelnemers hebben gestemd');
  await expect(round1.getByTestId('hidden')).toBeVisible();
  await expect(round1.getByTestId('chart')).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('presenter-blind-1920.png') });
  // Only the facilitator's toggle shows it.
  await page.getByTestId('show-distribution').click();
  await expect(page.getByTestId('show-distribution')).toHaveAttribute('aria-pressed', 'true');
  await expect(count(round1, 'recognised')).toHaveText('1');
  await expect(count(round1, 'partly')).toHaveText('1');
  await castVote(phones[2], id, first, 'recognised');
  await expect(count(round1, 'recognised')).toHaveText('2');
  await expect(round1.locator('tr[data-rating="recognised"]')).toContainText('67%');
  await page.getByTestId('show-distribution').click();
  await expect(round1.getByTestId('hidden')).toBeVisible();

  // "Toon uitslag": the round ends and its figures are shown, with the verdict they imply.
  await page.getByTestId('reveal').click();
  await expect(round1).toHaveAttribute('data-revealed', 'true');
  await expect(count(round1, 'recognised')).toHaveText('2');
  await expect(count(round1, 'partly')).toHaveText('1');
  await expect(round1.getByTestId('verdict')).toContainText(/Sluit|Te weinig/);
  await expect(page.getByTestId('reveal')).toBeDisabled();
  const late = await vote(phones[0], id, first, 'not_recognised');
  expect(late.status()).toBe(409);

  // "Nieuwe ronde": the re-vote, blind again, beside the first round.
  await page.getByTestId('next-round').click();
  const round2 = page.locator('[data-testid="round"][data-round="2"]');
  await expect(round2).toBeVisible();
  await expect(page.getByTestId('round')).toHaveCount(2);
  await expect(round2.getByTestId('hidden')).toBeVisible();
  // A choice half made in the list survives the votes coming in.
  const third: string = view.items[2].item_id;
  await page.getByTestId('pick-item').selectOption(third);
  await castVote(phones[0], id, first, 'not_recognised');
  await castVote(phones[1], id, first, 'not_recognised');
  await castVote(phones[2], id, first, 'partly');
  await expect(round2.getByTestId('voted')).toHaveText('3 van 3 deelnemers hebben gestemd');
  await expect(page.getByTestId('pick-item')).toHaveValue(third);
  await expect(count(round1, 'recognised')).toHaveText('2');
  // From the keyboard: the focus stays on the button, which now does nothing.
  await page.getByTestId('reveal').focus();
  await page.keyboard.press('Enter');
  await expect(count(round2, 'not_recognised')).toHaveText('2');
  await expect(page.getByTestId('reveal')).toBeFocused();
  await expect(page.getByTestId('reveal')).toHaveAttribute('aria-disabled', 'true');
  await expect(round2.getByTestId('verdict')).toBeVisible();

  // The projector and the facilitator's phone, with both rounds side by side.
  await page.screenshot({ path: testInfo.outputPath('presenter-1920.png') });
  await expectNoViolations(page, 'the presenter');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: testInfo.outputPath('presenter-390.png'), fullPage: true });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, 'nothing wider than the phone').toBeLessThanOrEqual(0);
  await expectNoViolations(page, 'the presenter on a phone');
  await page.setViewportSize({ width: 1366, height: 768 });

  // The next item, then back: its rounds are kept.
  await page.getByTestId('next-item').click();
  await expect(page.getByTestId('stage')).toContainText('Onderdeel 2 van');
  await expect(page.getByTestId('round')).toHaveCount(1);
  await page.getByTestId('previous-item').click();
  await expect(page.getByTestId('stage')).toContainText('Onderdeel 1 van');
  await expect(page.getByTestId('round')).toHaveCount(2);

  // "Sluiten" asks first; then nobody votes any more and the controls are gone.
  await page.getByTestId('close').getByRole('button', { name: /Werksessie sluiten/ }).click();
  await expect(page.getByTestId('close')).toContainText('Weet je het zeker?');
  // Someone joining meanwhile does not take the question away.
  phones.push(await participant(baseURL, code, 'Dirk'));
  await expect(page.getByTestId('participants')).toHaveText('4');
  await expect(page.getByTestId('close')).toContainText('Weet je het zeker?');
  await page.getByRole('button', { name: `Werksessie sluiten ${title}` }).last().click();
  await expect(page.getByTestId('closed')).toBeVisible();
  await expect(page.getByTestId('controls')).toHaveCount(0);
  const closed = await vote(phones[0], id, first, 'partly');
  expect(closed.status()).toBe(409);
  expect((await closed.json()).error.reason).toBe('workshop_closed');

  // The list says so.
  await page.goto(`/studies/${study.id}/workshops`);
  const row = page.getByTestId('workshop-row').filter({ hasText: title });
  await expect(row).toContainText('Gesloten');
  await expect(row).toContainText(code);
  await expect(row.locator('td.num')).toHaveText('4');
  expect(problems).toEqual([]);
  for (const phone of phones) await phone.dispose();
});

test("a refusal is shown in the facilitator's words, and without a stream the answer moves the page on", async ({ page, browser, baseURL }) => {
  await signIn(page, baseURL);
  const id = await apiWorkshop(page, baseURL, 'Twee schermen', 'paced');
  await openPresenter(page, id);
  await page.getByTestId('next-item').click();
  await expect(page.getByTestId('current-item')).toBeVisible();

  // A second screen whose live stream never connects: it keeps the state it was loaded with.
  const other = await browser.newPage({ storageState: await page.context().storageState() });
  await other.route('**/live', (route) => route.abort());
  await other.goto(`/workshops/${id}`);
  await expect(other.getByTestId('live-state')).toHaveAttribute('data-state', 'reconnecting', { timeout: 20_000 });
  await page.getByTestId('reveal').click();
  await expect(page.locator('[data-testid="round"][data-round="1"]')).toHaveAttribute('data-revealed', 'true');
  // It still offers "Toon uitslag"; the server refuses, and says why in Dutch.
  await other.getByTestId('reveal').click();
  await expect(other.getByTestId('control-error')).toHaveText('De uitslag van deze ronde wordt al getoond.');
  // A control the server accepts moves this screen on from its answer.
  await other.getByTestId('next-item').click();
  await expect(other.getByTestId('stage')).toContainText('Onderdeel 2 van');
  await expect(other.getByTestId('control-error')).toHaveCount(0);
  await other.close();
});

test('a self-paced workshop shows every item with how many voted, and the chosen one in detail', async ({ page, baseURL }, testInfo) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await signIn(page, baseURL);
  const study = await demoStudy(page.request);
  await page.goto(`/studies/${study.id}/workshops`);
  await page.waitForLoadState('networkidle');
  await expect(async () => {
    await page.getByLabel('Titel').fill('In eigen tempo');
    await page.getByTestId('ws-role').first().check();
    await page.getByLabel('In eigen tempo', { exact: true }).check();
    await page.getByTestId('create-workshop').click();
    await expect(page).toHaveURL(/\/workshops\/[0-9a-f-]{36}$/, { timeout: 3_000 });
  }).toPass({ timeout: 30_000 });
  const id = page.url().split('/').pop()!;
  await expect(page.getByTestId('live-state')).toHaveAttribute('data-state', 'live', { timeout: 20_000 });
  const view = await workshopView(page, id);
  expect(view.state.mode).toBe('self_paced');
  const [a, b] = view.items.map((i: { item_id: string }) => i.item_id);
  const tiles = page.getByTestId('item-tile');
  await expect(tiles).toHaveCount(view.items.length);
  await expect(page.getByTestId('next-item')).toHaveCount(0);

  const phones = [await participant(baseURL, view.code, 'Dana'), await participant(baseURL, view.code, 'Eef')];
  await castVote(phones[0], id, a, 'recognised');
  await castVote(phones[1], id, a, 'recognised');
  await castVote(phones[1], id, b, 'not_discussed');
  const tileA = page.locator(`[data-testid="item-tile"][data-item="${a}"]`);
  const tileB = page.locator(`[data-testid="item-tile"][data-item="${b}"]`);
  await expect(tileA.getByTestId('tile-voted')).toHaveText('2 van 2 gestemd');
  await expect(tileB.getByTestId('tile-voted')).toHaveText('1 van 2 gestemd');
  await expect(tileA.locator('.verdict')).toHaveCount(0);

  // The reveal ends every item's round at once; each tile shows its verdict.
  await page.getByTestId('reveal').click();
  await expect(tileA).toHaveAttribute('data-revealed', 'true');
  await expect(tileA.locator('.verdict')).toBeVisible();
  await tileA.getByRole('button').click();
  const detail = page.getByTestId('detail');
  await expect(detail.getByTestId('current-item')).toBeVisible();
  await expect(count(detail.getByTestId('round'), 'recognised')).toHaveText('2');
  await page.screenshot({ path: testInfo.outputPath('presenter-self-paced-1920.png') });
  // For the projector: the presenter alone on the screen, and back.
  const fullscreen = page.getByRole('button', { name: 'Volledig scherm' });
  await fullscreen.click();
  await expect(fullscreen).toHaveAttribute('aria-pressed', 'true');
  expect(await page.evaluate(() => document.fullscreenElement?.getAttribute('data-testid'))).toBe('presenter');
  await page.getByRole('button', { name: 'Volledig scherm verlaten' }).click();
  await expect(page.getByRole('button', { name: 'Volledig scherm' })).toHaveAttribute('aria-pressed', 'false');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: testInfo.outputPath('presenter-self-paced-390.png') });
  await page.setViewportSize({ width: 1920, height: 1080 });
  await expectNoViolations(page, 'the self-paced presenter');
  for (const phone of phones) await phone.dispose();
});

test('a viewer sees the workshops but can neither start nor steer one', async ({ page, baseURL }) => {
  await signIn(page, baseURL);
  const study = await demoStudy(page.request);
  const id = await apiWorkshop(page, baseURL, 'Alleen kijken', 'paced');
  await page.context().clearCookies();

  await signInAs(page, baseURL, 'viewer');
  await page.goto(`/studies/${study.id}`);
  await expect(page.getByTestId('study-name')).toBeVisible();
  await expect(page.getByTestId('open-workshops')).toHaveCount(0);
  await page.goto(`/studies/${study.id}/workshops`);
  await expect(page.getByTestId('workshop-row').filter({ hasText: 'Alleen kijken' })).toBeVisible();
  await expect(page.getByTestId('new-workshop')).toHaveCount(0);
  await expect(page.getByText('Alleen coördinatoren en begeleiders')).toBeVisible();
  await expectNoViolations(page, "the workshops page as a viewer");
  await openPresenter(page, id);
  await expect(page.getByTestId('join-code')).toBeVisible();
  await expect(page.getByTestId('controls')).toHaveCount(0);
});

test('a stream the server refuses with an error status is opened again after 5 s', async ({ page, baseURL }) => {
  await signIn(page, baseURL);
  const id = await apiWorkshop(page, baseURL, 'Herstart', 'paced');
  // The first try meets a server that is restarting; an EventSource gives up on a 503 for good.
  let tries = 0;
  await page.route('**/live', async (route) => {
    tries += 1;
    if (tries === 1) await route.fulfill({ status: 503, body: '' });
    else await route.continue();
  });
  await page.goto(`/workshops/${id}`);
  const state = page.getByTestId('live-state');
  await expect(state).toHaveAttribute('data-state', 'reconnecting', { timeout: 20_000 });
  const refusedAt = Date.now();
  await expect(state).toHaveAttribute('data-state', 'live', { timeout: 15_000 });
  expect(Date.now() - refusedAt).toBeGreaterThan(3_500);
  expect(tries).toBe(2);
  // And it is live: someone joining shows.
  const code = (await page.getByTestId('join-code').textContent())!.trim();
  const phone = await participant(baseURL, code, 'Fien');
  await expect(page.getByTestId('participants')).toHaveText('1');
  await phone.dispose();
});
