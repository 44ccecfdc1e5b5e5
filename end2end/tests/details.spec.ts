import { expect, test } from '@playwright/test';
import { newInterview, openCapture, rateFirstOnceHydrated, signIn } from './helpers';

test.beforeEach(async ({ page, baseURL }) => {
  await signIn(page, baseURL);
});

type Field = { key: string; value: unknown; revision: number };

async function storedFields(page: import('@playwright/test').Page, id: string) {
  const view = await (await page.request.get(`/api/v1/interviews/${id}`)).json();
  return Object.fromEntries((view.fields as Field[]).map((f) => [f.key, f.value]));
}

test('an interviewer records trends, job titles, education and aspects, also offline', async ({ page, context, baseURL }) => {
  const id = await newInterview(page, baseURL);
  const rows = await openCapture(page, id);
  await rateFirstOnceHydrated(page, rows);
  await page.screenshot({ path: 'test-results/capture-top.png' });

  // An item's history, opened with h on the focused row.
  await rows.first().focus();
  await page.keyboard.press('h');
  await expect(rows.first().getByTestId('history')).toContainText('geen → Herkend');

  const details = page.getByTestId('details');
  await details.getByLabel('Duurzaamheid', { exact: true }).selectOption('large');
  const note = details.getByLabel('Toelichting: Duurzaamheid');
  await expect(note).toBeEnabled();
  await note.fill('Klanten vragen naar herkomst');
  await note.press('Tab');
  const titles = details.getByLabel('Functienamen in het bedrijf');
  await titles.fill('Verkoper binnendienst');
  await titles.press('Enter');
  await titles.fill('Accountmanager');
  await details.getByRole('button', { name: 'Toevoegen' }).first().click();
  await expect(details.locator('[data-field="job_titles"] .chip')).toHaveCount(2);
  await details.getByRole('group', { name: 'Gevraagd opleidingsniveau over vijf jaar' }).getByLabel('hbo').check();

  const role = page.getByRole('region', { name: 'Commercieel administratief medewerker' });
  const aspects = role.getByLabel('Aanvullende aspecten bij deze rol');
  await aspects.fill('proactief');
  await aspects.press('Enter');
  await expect(page.getByTestId('save-state')).toContainText('Opgeslagen');

  await details.screenshot({ path: 'test-results/details-desktop.png' });
  await rows.first().screenshot({ path: 'test-results/history-desktop.png' });
  let fields = await storedFields(page, id);
  expect(fields['trend:sustainability']).toEqual({ impact: 'large', note: 'Klanten vragen naar herkomst' });
  expect(fields['job_titles']).toEqual(['Verkoper binnendienst', 'Accountmanager']);
  expect(fields['education_in_5_years']).toEqual(['hbo']);
  const aspectKey = Object.keys(fields).find((k) => k.startsWith('aspects:'));
  expect(aspectKey && fields[aspectKey]).toEqual(['proactief']);

  // Without a network the changes wait in the browser, then arrive once.
  await context.setOffline(true);
  await details.getByRole('button', { name: 'Verwijder Accountmanager' }).click();
  await details.getByRole('group', { name: 'Gevraagd opleidingsniveau nu' }).getByLabel('mbo 4').check();
  await expect(page.getByTestId('save-state')).toContainText('Geen verbinding — 2 wachtend');
  await context.setOffline(false);
  await expect(page.getByTestId('save-state')).toContainText('Opgeslagen', { timeout: 15_000 });
  fields = await storedFields(page, id);
  expect(fields['job_titles']).toEqual(['Verkoper binnendienst']);
  expect(fields['education_now']).toEqual(['mbo4']);
  const history = await (await page.request.get(`/api/v1/interviews/${id}/fields/job_titles/history`)).json();
  expect(history.length).toBe(3);

  // The metadata, folded away on the same page.
  await page.getByText('Interviewgegevens bewerken').click();
  await page.getByLabel('Notities bij het interview').fill('Terugbellen over trends');
  await page.getByLabel('Toestemming van de respondent vastgelegd').check();
  await page.getByRole('button', { name: 'Gegevens opslaan' }).click();
  await expect(page.getByTestId('interview-title')).toBeVisible();
  await expect(async () => {
    const view = await (await page.request.get(`/api/v1/interviews/${id}`)).json();
    expect([view.consent, view.notes]).toEqual([true, 'Terugbellen over trends']);
  }).toPass({ timeout: 10_000 });
});

test('the capture page works on a phone', async ({ page, baseURL }) => {
  await page.setViewportSize({ width: 375, height: 740 });
  const id = await newInterview(page, baseURL);
  const rows = await openCapture(page, id);
  await rateFirstOnceHydrated(page, rows);
  await rows.first().getByRole('radio', { name: /Gedeeltelijk/ }).click();
  await expect(rows.first().getByRole('radio', { name: /Gedeeltelijk/ })).toHaveAttribute('aria-checked', 'true');
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(375);
  await page.getByTestId('details').scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/capture-phone.png', fullPage: false });
});

test('a details edit made on an older copy is refused with the stored version shown; the typed text stays', async ({
  page,
  context,
  baseURL,
}) => {
  const id = await newInterview(page, baseURL);
  await openCapture(page, id);
  const other = await context.newPage();
  await openCapture(other, id);

  await page.getByText('Interviewgegevens bewerken').click();
  await page.getByLabel('Organisatie', { exact: true }).fill('Eerste versie BV (fictief)');
  await page.getByRole('button', { name: 'Gegevens opslaan' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Gegevens opgeslagen' })).toBeVisible();
  await expect(page.getByTestId('interview-title')).toHaveText('Eerste versie BV (fictief)');

  // The other tab still has the form as it was before that save.
  await other.getByText('Interviewgegevens bewerken').click();
  await other.getByLabel('Functie gesprekspartner', { exact: true }).fill('Bedrijfsleider');
  await other.getByRole('button', { name: 'Gegevens opslaan' }).click();
  const conflict = other.getByTestId('details-conflict');
  await expect(conflict).toContainText('iemand anders heeft deze gegevens intussen gewijzigd');
  await expect(conflict).toContainText('Eerste versie BV (fictief)');
  await expect(other.getByLabel('Functie gesprekspartner', { exact: true })).toHaveValue('Bedrijfsleider');
  await expect(other.getByTestId('interview-title')).toHaveText('Eerste versie BV (fictief)');
  let stored = await (await page.request.get(`/api/v1/interviews/${id}`)).json();
  expect([stored.organisation, stored.respondent_function, stored.revision]).toEqual(['Eerste versie BV (fictief)', null, 2]);

  // Saving again, having seen both, puts this tab's version through.
  await other.getByRole('button', { name: 'Gegevens opslaan' }).click();
  await expect(other.getByRole('status').filter({ hasText: 'Gegevens opgeslagen' })).toBeVisible();
  stored = await (await page.request.get(`/api/v1/interviews/${id}`)).json();
  expect([stored.respondent_function, stored.revision]).toEqual(['Bedrijfsleider', 3]);
});
