import { expect, test, type Browser, type Page } from '@playwright/test';
import { newInterview, openCapture, signIn, signInAs } from './helpers';

// The capture form listens to the study's live stream (issue 11): what a colleague changes in
// the same interview shows in place, marked, before it can become a conflict; text being typed
// is never replaced.

/** The interviewer (A) and the coordinator (B), each in a browser of their own, on one new interview. */
async function twoBrowsers(browser: Browser, baseURL: string | undefined) {
  const a = await browser.newContext();
  const b = await browser.newContext();
  const pageA = await a.newPage();
  const pageB = await b.newPage();
  await signInAs(pageA, baseURL, 'interviewer');
  await signIn(pageB, baseURL);
  const id = await newInterview(pageA, baseURL);
  const rowsA = await openCapture(pageA, id);
  const rowsB = await openCapture(pageB, id);
  await pageB.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
  return { a, b, pageA, pageB, rowsA, rowsB, id };
}

async function rate(page: Page, row: ReturnType<Page['locator']>, key: string) {
  await row.focus();
  await page.keyboard.press(key);
  await expect(page.getByTestId('save-state')).toContainText('Opgeslagen');
}

test('a colleague rates and notes an item: it changes in place, marked, without a reload', async ({ browser, baseURL }) => {
  const { a, b, pageA, pageB, rowsA, rowsB } = await twoBrowsers(browser, baseURL);
  const item = await rowsA.nth(3).getAttribute('data-item');
  const rowB = pageB.locator(`li.capture-item[data-item="${item}"]`);

  await rate(pageA, rowsA.nth(3), '2');
  await pageA.keyboard.press('n');
  await pageA.keyboard.type('Alleen bij grotere klanten');
  // Escape saves the note and goes back to the row (Tab would go on into the quote, and a
  // field being typed in is not changed from elsewhere).
  await pageA.keyboard.press('Escape');
  await expect(pageA.getByTestId('save-state')).toContainText('Opgeslagen');

  await expect(rowB.getByRole('radio', { name: /Gedeeltelijk herkend/ })).toHaveAttribute('aria-checked', 'true');
  await expect(rowB.locator('textarea')).toHaveValue('Alleen bij grotere klanten');
  await expect(rowB.getByTestId('remote-mark')).toHaveText('Gewijzigd door iemand anders');
  await expect(pageB.getByTestId('remote-news')).toContainText('gewijzigd door iemand anders');
  await expect(pageB.getByTestId('save-state')).toContainText('1/193');
  // A's own form marks nothing: its own write came back through the stream too.
  await expect(pageA.getByTestId('remote-mark')).toHaveCount(0);
  expect(await pageB.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);

  // B builds on what it now shows: no conflict, and the mark has done its work.
  await rate(pageB, rowB, '1');
  await expect(rowB.getByTestId('remote-mark')).toHaveCount(0);
  await expect(pageB.getByTestId('conflicts')).toHaveCount(0);
  await expect(rowsA.nth(3).getByRole('radio', { name: /^1 Herkend/ })).toHaveAttribute('aria-checked', 'true');
  await expect(rowsA.nth(3).locator('textarea')).toHaveValue('Alleen bij grotere klanten');
  await a.close();
  await b.close();
});

test('a change to an item whose note is being typed keeps the typed text and is compared on save', async ({ browser, baseURL }) => {
  const { a, b, pageA, pageB, rowsA, id } = await twoBrowsers(browser, baseURL);
  const item = await rowsA.nth(6).getAttribute('data-item');
  const rowB = pageB.locator(`li.capture-item[data-item="${item}"]`);
  await rate(pageA, rowsA.nth(6), '1');
  await expect(rowB.getByRole('radio', { name: /^1 Herkend/ })).toHaveAttribute('aria-checked', 'true');

  // B starts a note on that item and is still typing when A changes it.
  await rowB.focus();
  await pageB.keyboard.press('n');
  await pageB.keyboard.type('Door B getypt');
  await rate(pageA, rowsA.nth(6), '3');

  await expect(rowB.getByTestId('remote-mark')).toHaveText('Ook elders gewijzigd — uw wijziging wordt vergeleken');
  await expect(pageB.getByTestId('remote-news')).toContainText('ook elders gewijzigd');
  await expect(rowB.locator('textarea')).toBeFocused();
  await expect(rowB.locator('textarea')).toHaveValue('Door B getypt');
  await expect(rowB.getByRole('radio', { name: /^1 Herkend/ })).toHaveAttribute('aria-checked', 'true');

  // Leaving the note saves it on the old revision: the server refuses it, the notice keeps the text.
  await pageB.keyboard.press('Tab');
  const conflicts = pageB.getByTestId('conflicts');
  await expect(conflicts).toContainText('Door B getypt');
  await expect(conflicts).toContainText('Niet herkend');
  await expect(rowB.getByRole('radio', { name: /Niet herkend/ })).toHaveAttribute('aria-checked', 'true');
  await expect(rowB.getByTestId('remote-mark')).toHaveCount(0);
  const history = await (await pageA.request.get(`/api/v1/interviews/${id}/answers/${item}/history`)).json();
  expect(history.map((h: { new_rating: string; new_note: string | null }) => [h.new_rating, h.new_note])).toEqual([
    ['recognised', null],
    ['not_recognised', null],
  ]);
  await a.close();
  await b.close();
});

test('a change held back while a note had the focus shows once the focus leaves without an edit', async ({ browser, baseURL }) => {
  const { a, b, pageA, pageB, rowsA } = await twoBrowsers(browser, baseURL);
  const item = await rowsA.nth(2).getAttribute('data-item');
  const rowB = pageB.locator(`li.capture-item[data-item="${item}"]`);
  await rate(pageA, rowsA.nth(2), '2');
  await expect(rowB.getByRole('radio', { name: /Gedeeltelijk herkend/ })).toHaveAttribute('aria-checked', 'true');

  await rowB.focus();
  await pageB.keyboard.press('n');
  await expect(rowB.locator('textarea')).toBeFocused();
  await rate(pageA, rowsA.nth(2), '0');
  await expect(rowB.getByTestId('remote-mark')).toHaveAttribute('data-mark', 'elsewhere');
  await expect(rowB.getByRole('radio', { name: /Gedeeltelijk herkend/ })).toHaveAttribute('aria-checked', 'true');

  // Escape goes back to the row without changing the note: nothing to compare, so A's change shows.
  await pageB.keyboard.press('Escape');
  await expect(rowB.getByRole('radio', { name: /Niet besproken/ })).toHaveAttribute('aria-checked', 'true');
  await expect(rowB.getByTestId('remote-mark')).toHaveAttribute('data-mark', 'changed');
  await expect(pageB.getByTestId('conflicts')).toHaveCount(0);
  await a.close();
  await b.close();
});

test('interview fields changed by a colleague are read again and marked; a trend note being typed is kept', async ({ browser, baseURL }) => {
  const { a, b, pageA, pageB } = await twoBrowsers(browser, baseURL);
  const detailsA = pageA.getByTestId('details');
  const detailsB = pageB.getByTestId('details');

  // B has the focus in the tag input: that holds only the next tag, so B's list still follows.
  await detailsB.getByLabel('Functienamen in het bedrijf').focus();
  const titles = detailsA.getByLabel('Functienamen in het bedrijf');
  await titles.fill('Verkoper binnendienst');
  await titles.press('Enter');
  await expect(pageA.getByTestId('save-state')).toContainText('Opgeslagen');
  const jobsB = detailsB.locator('[data-field="job_titles"]');
  await expect(jobsB.locator('.chip')).toHaveCount(1);
  await expect(jobsB.locator('.chip')).toContainText('Verkoper binnendienst');
  await expect(jobsB.getByTestId('remote-mark')).toHaveText('Gewijzigd door iemand anders');

  await detailsA.getByLabel('Duurzaamheid', { exact: true }).selectOption('large');
  await expect(pageA.getByTestId('save-state')).toContainText('Opgeslagen');
  const trendB = detailsB.locator('[data-field="trend:sustainability"]');
  await expect(detailsB.getByLabel('Duurzaamheid', { exact: true })).toHaveValue('large');
  await expect(trendB.getByTestId('remote-mark')).toHaveAttribute('data-mark', 'changed');

  // B types a note on that trend while A writes one.
  const noteB = detailsB.getByLabel('Toelichting: Duurzaamheid');
  await noteB.fill('B typt');
  const noteA = detailsA.getByLabel('Toelichting: Duurzaamheid');
  await noteA.fill('Klanten vragen naar herkomst');
  await noteA.press('Tab');
  await expect(pageA.getByTestId('save-state')).toContainText('Opgeslagen');
  await expect(trendB.getByTestId('remote-mark')).toHaveAttribute('data-mark', 'elsewhere');
  await expect(noteB).toBeFocused();
  await expect(noteB).toHaveValue('B typt');

  // B's note follows the old revision: refused, and the field shows what is stored.
  await noteB.press('Tab');
  await expect(pageB.getByTestId('field-conflicts')).toContainText('Duurzaamheid');
  await expect(noteB).toHaveValue('Klanten vragen naar herkomst');
  await a.close();
  await b.close();
});
