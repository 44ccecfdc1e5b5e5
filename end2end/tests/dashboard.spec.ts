import AxeBuilder from '@axe-core/playwright';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { asOperator, newInterview, openCapture, signIn, signInAs } from './helpers';

// The coordinator's dashboard (issue 11): live cells, the threshold preview, one live stream for
// many tabs, the drill-down, keyboard and axe checks, and the phone layout.

const STUDY = 'Demo-studie Commercie (fictief)';

type Counts = { recognised: number; partly: number; not_recognised: number; not_discussed: number };
type Item = { item_id: string; counts: Counts; n: number; verdict: string };
type Aggregate = {
  threshold_version: number;
  thresholds: { good_min: number; partial_min: number; min_n: number };
  items: Item[];
};

async function demoStudy(request: APIRequestContext): Promise<{ id: string }> {
  const studies = await (await request.get('/api/v1/studies')).json();
  return studies.find((s: { name: string }) => s.name === STUDY);
}

async function aggregate(request: APIRequestContext, study: string): Promise<Aggregate> {
  const res = await request.get(`/api/v1/studies/${study}/aggregate`);
  expect(res.status()).toBe(200);
  return res.json();
}

/** api-v1.md's verdict rule, only to pick an item whose colour one more answer changes. */
function verdict(c: Counts, t: Aggregate['thresholds']): string {
  const n = c.recognised + c.partly + c.not_recognised;
  if (n < t.min_n) return 'insufficient_data';
  const rate = (c.recognised + 0.5 * c.partly) / n;
  return rate >= t.good_min ? 'good' : rate >= t.partial_min ? 'partial' : 'insufficient';
}

/** An item whose verdict one more "niet herkend" changes, and the verdict it changes to. */
function itemThatTurns(agg: Aggregate): { item: Item; after: string } {
  for (const item of agg.items) {
    const after = verdict({ ...item.counts, not_recognised: item.counts.not_recognised + 1 }, agg.thresholds);
    if (after !== item.verdict) return { item, after };
  }
  throw new Error('no item changes its verdict with one more answer');
}

async function openDashboard(page: Page, study: string, query = '') {
  await page.goto(`/studies/${study}/dashboard${query}`);
  await expect(page.getByTestId('live-state')).toHaveAttribute('data-state', 'live', { timeout: 20_000 });
}

async function liveStreams(request: APIRequestContext): Promise<number> {
  const text = await (await request.get('/metrics', { headers: asOperator })).text();
  const line = text.split('\n').find((l) => l.startsWith('aansluiting_live_streams '));
  return Number(line?.split(' ')[1] ?? NaN);
}

async function putAnswer(request: APIRequestContext, baseURL: string | undefined, interview: string, item: string, body: object) {
  const res = await request.put(`/api/v1/interviews/${interview}/answers/${item}`, {
    data: { op_id: randomUUID(), ...body },
    headers: { origin: baseURL ?? '' },
  });
  expect(res.status()).toBe(200);
}

test('the study page links to the dashboard, which names the study and its threshold version', async ({ page, baseURL }) => {
  await signIn(page, baseURL);
  const study = await demoStudy(page.request);
  await page.goto(`/studies/${study.id}`);
  await page.getByTestId('open-dashboard').click();
  await expect(page).toHaveURL(new RegExp(`/studies/${study.id}/dashboard$`));
  await expect(page.getByTestId('dashboard-title')).toContainText(STUDY);
  await expect(page.getByTestId('threshold-version')).toHaveText(/drempels versie \d+/);
  // 193 items: one square each in the overview and one row each in the tables.
  await expect(page.locator('.ov-cell')).toHaveCount(193);
  await expect(page.locator('tr.dash-row')).toHaveCount(193);
});

test("an interviewer's rating changes the coordinator's cell in place, without a reload", async ({ page, browser, baseURL }) => {
  await signIn(page, baseURL);
  const study = await demoStudy(page.request);
  await openDashboard(page, study.id);
  await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));

  const agg = await aggregate(page.request, study.id);
  const { item, after } = itemThatTurns(agg);
  const row = page.locator(`tr.dash-row[data-item="${item.item_id}"]`);
  const cell = page.locator(`.ov-cell[data-item="${item.item_id}"]`);
  await expect(row.getByTestId('n')).toHaveText(String(item.n));
  await expect(row.locator('[data-verdict]')).toHaveAttribute('data-verdict', item.verdict);

  // The interviewer, in a browser of their own, rates that item "niet herkend" (3).
  const other = await browser.newContext();
  const interviewer = await other.newPage();
  await signInAs(interviewer, baseURL, 'interviewer');
  const id = await newInterview(interviewer, baseURL);
  await openCapture(interviewer, id);
  await interviewer.locator(`li.capture-item[data-item="${item.item_id}"]`).focus();
  await interviewer.keyboard.press('3');
  await expect(interviewer.getByTestId('save-state')).toContainText('Opgeslagen');

  await expect(row.getByTestId('n')).toHaveText(String(item.n + 1));
  await expect(row.locator('[data-verdict]')).toHaveAttribute('data-verdict', after);
  await expect(row.locator(`.verdict--${after}`)).toBeVisible();
  await expect(cell).toHaveClass(new RegExp(`ov-cell--${after}`));
  expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  await other.close();
});

test('the threshold preview counts the verdicts that change before saving; saving bumps the version', async ({ page, baseURL }) => {
  await signIn(page, baseURL);
  const study = await demoStudy(page.request);
  await openDashboard(page, study.id);
  const before = (await aggregate(page.request, study.id)).threshold_version;
  await expect(page.getByTestId('threshold-version')).toHaveText(`drempels versie ${before}`);
  const preview = page.getByTestId('threshold-preview');
  await expect(preview.getByTestId('preview-count')).toHaveAttribute('data-changed', '0');

  // Stricter: "goed" from 95 % turns most good verdicts partial, in the browser, before saving.
  const good = page.getByLabel('Sluit goed aan vanaf (%)');
  await good.fill('95');
  await expect(preview.getByTestId('preview-count')).not.toHaveAttribute('data-changed', '0');
  const changed = Number(await preview.getByTestId('preview-count').getAttribute('data-changed'));
  expect(changed).toBeGreaterThan(0);
  await expect(preview).toContainText(`${changed} oordelen veranderen`);
  await expect(preview).toContainText('Sluit goed aan → Sluit gedeeltelijk aan');
  expect((await aggregate(page.request, study.id)).threshold_version).toBe(before);
  // Back to the thresholds in force: nothing changes; a value that is no rule cannot be saved.
  await good.fill('75');
  await expect(preview.getByTestId('preview-count')).toHaveAttribute('data-changed', '0');
  await good.fill('40');
  await expect(page.getByRole('button', { name: 'Opslaan als nieuwe versie' })).toBeDisabled();

  await good.fill('95');
  const goodBefore = await page.locator('tr.dash-row [data-verdict="good"]').count();
  await page.getByRole('button', { name: 'Opslaan als nieuwe versie' }).click();
  await expect(page.getByTestId('threshold-saved')).toHaveText(`Opgeslagen als versie ${before + 1}.`);
  await expect(page.getByTestId('threshold-version')).toHaveText(`drempels versie ${before + 1}`);
  await expect(page.getByTestId('overview-version')).toContainText(`drempels versie ${before + 1}`);
  await expect(page.getByTestId('threshold-history').locator('tbody tr').first()).toContainText(`${before + 1}`);
  await expect(page.getByTestId('threshold-history').locator('tbody tr').first()).toContainText('95');
  // The preview's count is what saving did to the page.
  await expect(page.getByTestId('preview-count')).toHaveAttribute('data-changed', '0');
  const server = await aggregate(page.request, study.id);
  expect(server.threshold_version).toBe(before + 1);
  const goodNow = server.items.filter((i) => i.verdict === 'good').length;
  await expect(page.locator('tr.dash-row [data-verdict="good"]')).toHaveCount(goodNow);
  expect(goodBefore - goodNow).toBeLessThanOrEqual(changed);

  // Put the defaults back for the other tests (a new version, as every change is).
  const res = await page.request.put(`/api/v1/studies/${study.id}/thresholds`, {
    data: { good_min: 0.75, partial_min: 0.5, min_n: 3 },
    headers: { origin: baseURL ?? '' },
  });
  expect(res.status()).toBe(200);
  await expect(page.getByTestId('threshold-version')).toHaveText(`drempels versie ${before + 2}`);
});

test('eight tabs share one live stream and all follow an answer; another tab takes over when the leader closes', async ({ context, page, baseURL }) => {
  test.setTimeout(90_000);
  await signIn(page, baseURL);
  const study = await demoStudy(page.request);
  // Streams of earlier tests end when the server next writes to them (keep-alive, 15 s).
  await expect.poll(() => liveStreams(page.request), { timeout: 30_000 }).toBe(0);

  const tabs = [page];
  for (let i = 1; i < 8; i++) tabs.push(await context.newPage());
  for (const tab of tabs) await openDashboard(tab, study.id);
  const leaders = [];
  for (const tab of tabs) leaders.push(await tab.getByTestId('live-state').getAttribute('data-leading'));
  expect(leaders.filter((l) => l === 'true')).toHaveLength(1);
  expect(await liveStreams(page.request)).toBe(1);

  const id = await newInterview(page, baseURL);
  const item = (await aggregate(page.request, study.id)).items[5];
  await putAnswer(page.request, baseURL, id, item.item_id, { rating: 'recognised' });
  for (const tab of tabs) {
    await expect(tab.locator(`tr.dash-row[data-item="${item.item_id}"]`).getByTestId('n')).toHaveText(String(item.n + 1));
  }
  expect(await liveStreams(page.request)).toBeLessThanOrEqual(2);

  // The leader goes: one of the others connects, resuming after the last event it saw.
  const leader = tabs[leaders.indexOf('true')];
  await leader.close();
  const rest = tabs.filter((t) => t !== leader);
  await expect
    .poll(async () => {
      const flags = await Promise.all(rest.map((t) => t.getByTestId('live-state').getAttribute('data-leading')));
      return flags.filter((f) => f === 'true').length;
    }, { timeout: 15_000 })
    .toBe(1);
  await putAnswer(context.request, baseURL, id, item.item_id, { rating: 'not_recognised' });
  for (const tab of rest) {
    await expect(tab.getByTestId('live-state')).toHaveAttribute('data-state', 'live');
    await expect(tab.locator(`tr.dash-row[data-item="${item.item_id}"]`).getByTestId('n')).toHaveText(String(item.n + 1));
    await expect(tab.locator(`tr.dash-row[data-item="${item.item_id}"] [data-verdict]`)).toHaveAttribute(
      'data-verdict',
      (await aggregate(context.request, study.id)).items[5].verdict,
    );
  }
  expect(await liveStreams(context.request)).toBeLessThanOrEqual(2);
});

test('without Web Locks each tab connects on its own, and still follows', async ({ browser, baseURL }) => {
  test.setTimeout(60_000);
  const context = await browser.newContext();
  await context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'locks', { get: () => undefined }));
  const page = await context.newPage();
  await signIn(page, baseURL);
  const study = await demoStudy(page.request);
  await expect.poll(() => liveStreams(page.request), { timeout: 30_000 }).toBe(0);
  const second = await context.newPage();
  await openDashboard(page, study.id);
  await openDashboard(second, study.id);
  for (const tab of [page, second]) await expect(tab.getByTestId('live-state')).toHaveAttribute('data-leading', 'true');
  expect(await liveStreams(page.request)).toBe(2);
  const id = await newInterview(page, baseURL);
  const item = (await aggregate(page.request, study.id)).items[3];
  await putAnswer(page.request, baseURL, id, item.item_id, { rating: 'partly' });
  for (const tab of [page, second]) {
    await expect(tab.locator(`tr.dash-row[data-item="${item.item_id}"]`).getByTestId('n')).toHaveText(String(item.n + 1));
  }
  await context.close();
});

test('the drill-down shows every note and quote; overview squares are reached and opened with the keyboard', async ({ page, browser, baseURL }) => {
  const note = `Alleen bij grotere klanten ${Date.now()}`;
  const other = await browser.newContext();
  const interviewer = await other.newPage();
  await signInAs(interviewer, baseURL, 'interviewer');
  const id = await newInterview(interviewer, baseURL);
  const study = await demoStudy(interviewer.request);
  const item = (await aggregate(interviewer.request, study.id)).items[7];
  await putAnswer(interviewer.request, baseURL, id, item.item_id, { rating: 'partly', note, quote: '"Dat doet de binnendienst"' });
  const organisation = (await (await interviewer.request.get(`/api/v1/interviews/${id}`)).json()).organisation;

  await signIn(page, baseURL);
  await openDashboard(page, study.id);
  // Tab from the filters into the overview: its first square is a button named by item and verdict.
  await page.getByRole('button', { name: 'Toepassen', exact: true }).focus();
  await expect(async () => {
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.classList.contains('ov-cell'))).toBe(true);
  }).toPass({ timeout: 10_000 });
  const first = page.locator('.ov-cell').first();
  await expect(first).toBeFocused();
  await expect(first).toHaveAttribute('aria-label', /^Beschrijving van de rol: (Sluit goed aan|Sluit gedeeltelijk aan|Sluit onvoldoende aan|Te weinig gegevens)$/);
  await page.keyboard.press('Tab');
  await expect(page.locator('.ov-cell').nth(1)).toBeFocused();
  await page.keyboard.press('Enter');
  const drill = page.getByTestId('drill');
  await expect(drill).toBeVisible();
  await expect(drill.getByRole('heading', { level: 2 })).toContainText('Werkzaamheden 1');
  await page.keyboard.press('Escape');
  await expect(drill).toBeHidden();
  await expect(page.locator('.ov-cell').nth(1)).toBeFocused();

  await page.locator(`.ov-cell[data-item="${item.item_id}"]`).click();
  await expect(drill).toBeVisible();
  const answer = drill.getByTestId('drill-answers').locator('li', { hasText: note });
  await expect(answer).toContainText('Gedeeltelijk herkend');
  await expect(answer).toContainText('"Dat doet de binnendienst"');
  await expect(answer.getByTestId('drill-who')).toContainText(`${organisation} · SBI M`);
  await expect(drill.locator('svg.stack').first()).toHaveAttribute('aria-label', /herkend/);
  await drill.getByRole('button', { name: 'Sluiten' }).click();
  await expect(drill).toBeHidden();

  // A viewer sees the notes but not who said them.
  await signInAs(interviewer, baseURL, 'viewer');
  await openDashboard(interviewer, study.id);
  await interviewer.locator(`.ov-cell[data-item="${item.item_id}"]`).click();
  const seen = interviewer.getByTestId('drill').getByTestId('drill-answers').locator('li', { hasText: note });
  await expect(seen).toBeVisible();
  await expect(seen.getByTestId('drill-who')).toHaveCount(0);
  await expect(interviewer.getByTestId('threshold-editor')).toHaveCount(0);
  await other.close();
});

test('a filter goes into the address and counts only its respondents, live', async ({ page, baseURL }) => {
  await signIn(page, baseURL);
  const study = await demoStudy(page.request);
  await openDashboard(page, study.id);
  await page.getByLabel('SBI-sectie').selectOption('M');
  await expect(page).toHaveURL(/[?&]sbi_section=M/);
  await expect(page.getByTestId('filter-active')).toBeVisible();
  const filtered = await (await page.request.get(`/api/v1/studies/${study.id}/aggregate?sbi_section=M`)).json();
  await expect(page.getByTestId('respondents')).toHaveText(`${filtered.respondents} respondenten`);

  // A new interview in M with one answer: the filtered figures follow (after a fresh fetch).
  const id = await newInterview(page, baseURL);
  const item = filtered.items[10] as Item;
  await putAnswer(page.request, baseURL, id, item.item_id, { rating: 'recognised' });
  await expect(page.getByTestId('respondents')).toHaveText(`${filtered.respondents + 1} respondenten`);
  await expect(page.locator(`tr.dash-row[data-item="${item.item_id}"]`).getByTestId('n')).toHaveText(String(item.n + 1));

  // The shared address opens the same view.
  await page.reload();
  await expect(page.getByLabel('SBI-sectie')).toHaveValue('M');
  await expect(page.getByTestId('respondents')).toHaveText(`${filtered.respondents + 1} respondenten`);
  await page.getByRole('button', { name: 'Filters wissen' }).click();
  await expect(page).toHaveURL(new RegExp(`/studies/${study.id}/dashboard$`));
  await expect(page.getByTestId('filter-active')).toHaveCount(0);
});

test('the dashboard passes the WCAG A/AA checks, also with the drill-down open', async ({ page, baseURL }, testInfo) => {
  test.skip(testInfo.project.name !== 'sqlite', 'the markup does not depend on the database');
  test.setTimeout(90_000);
  await signIn(page, baseURL);
  const study = await demoStudy(page.request);
  await openDashboard(page, study.id);
  const check = async (what: string) => {
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    const found = results.violations.map((v) => ({ rule: v.id, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
    expect(found, `${what}: ${JSON.stringify(found, null, 2)}`).toEqual([]);
  };
  await check('dashboard');
  await page.locator('.ov-cell').first().click();
  await expect(page.getByTestId('drill-answers')).toBeVisible();
  await check('dashboard with the drill-down open');
});

test('on a phone the dashboard fits the screen', async ({ browser, baseURL }, testInfo) => {
  const phone = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  const page = await phone.newPage();
  await signIn(page, baseURL);
  const study = await demoStudy(page.request);
  await openDashboard(page, study.id);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await page.screenshot({ path: testInfo.outputPath('dashboard-phone.png') });
  await page.locator('.dash-role').first().scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath('dashboard-phone-table.png') });
  // Every square can be tapped: at least 24 × 24 px.
  const box = await page.locator('.ov-cell').first().boundingBox();
  expect(box?.width).toBeGreaterThanOrEqual(24);
  await phone.close();
});
