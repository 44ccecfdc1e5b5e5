import { expect, test, type Page } from '@playwright/test';
import { newInterview, openCapture, rateFirstOnceHydrated, signIn, signInAs } from './helpers';

// Keyboard shortcuts belong to the rows, never to what is typed in a row's text fields.

test.beforeEach(async ({ page, baseURL }) => {
  await signIn(page, baseURL);
});

async function stored(page: Page, id: string) {
  return (await page.request.get(`/api/v1/interviews/${id}`)).json();
}

test('a sentence with shortcut letters and digits typed into the note and quote stays on that item', async ({ page, baseURL }) => {
  const id = await newInterview(page, baseURL);
  const rows = await openCapture(page, id);
  await rateFirstOnceHydrated(page, rows);
  const row = rows.first();
  const item = await row.getAttribute('data-item');

  const note = 'Jaarlijks 2 keer; kijk hoe het 1e jaar ging, 0 uitval, 3 nieuwe klanten (u weet het)';
  const quote = 'Wij doen 3 keer per jaar een audit, hooguit 1 of 2 keer extra, nooit 0 keer';
  await row.focus();
  await page.keyboard.press('n');
  await expect(row.locator('textarea')).toBeFocused();
  await page.keyboard.type(note);
  await expect(row.locator('textarea')).toBeFocused();
  await row.getByLabel('Citaat (letterlijk)').focus();
  await page.keyboard.type(quote);
  await expect(row.getByLabel('Citaat (letterlijk)')).toBeFocused();
  // Escape leaves the field for its row, which saves what was typed.
  await page.keyboard.press('Escape');
  await expect(row).toBeFocused();

  await expect.poll(async () => (await stored(page, id)).answers.find((a: { item_id: string }) => a.item_id === item)?.quote, { timeout: 15_000 }).toBe(quote);
  const after = await stored(page, id);
  expect(after.answers).toHaveLength(1);
  expect(after.answers[0]).toMatchObject({ item_id: item, rating: 'recognised', note, quote });
  await expect(page.getByTestId('save-state')).toContainText('1/193');
  // Nothing else in the form took the keys either.
  expect(await rows.nth(1).getAttribute('data-rated')).toBe('false');
  await expect(rows.nth(1).locator('textarea')).toHaveCount(0);
});

test('a save that answers while the next field is being typed in leaves that field alone', async ({ page, baseURL }) => {
  const id = await newInterview(page, baseURL);
  const rows = await openCapture(page, id);
  await rateFirstOnceHydrated(page, rows);
  const row = rows.first();
  // The note's save is answered only once the quote is half typed, as on a slow network.
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/sfn/interviews/save', async (route) => {
    await held;
    await route.continue();
  });
  await row.focus();
  await page.keyboard.press('n');
  await page.keyboard.type('Vooral telefonisch');
  const quote = row.getByLabel('Citaat (letterlijk)');
  await quote.focus();
  await page.keyboard.type('Wij bellen ');
  release();
  await expect(page.getByTestId('save-state')).toContainText('Opgeslagen');
  await page.keyboard.type('elke klant terug');
  await expect(quote).toHaveValue('Wij bellen elke klant terug');
  await page.keyboard.press('Escape');
  await page.unroute('**/sfn/interviews/save');
  const item = await row.getAttribute('data-item');
  await expect
    .poll(async () => (await stored(page, id)).answers.find((a: { item_id: string }) => a.item_id === item)?.quote, { timeout: 15_000 })
    .toBe('Wij bellen elke klant terug');
});

test('n on an unrated item opens the note; it is saved with the rating chosen next', async ({ page, baseURL }) => {
  const id = await newInterview(page, baseURL);
  const rows = await openCapture(page, id);
  // openCapture leaves the focus on the second row, which has no rating.
  const row = rows.nth(1);
  await expect(row).toBeFocused();
  await page.keyboard.press('n');
  await expect(row.locator('textarea')).toBeFocused();
  await page.keyboard.type('Alleen 2 keer per jaar');
  await page.keyboard.press('Escape');
  await expect(row).toBeFocused();
  await expect(row.getByRole('status')).toContainText('Kies eerst een beoordeling');
  expect((await stored(page, id)).answers).toHaveLength(0);

  await page.keyboard.press('2');
  await expect.poll(async () => (await stored(page, id)).answers.length, { timeout: 15_000 }).toBe(1);
  expect((await stored(page, id)).answers[0]).toMatchObject({
    item_id: await row.getAttribute('data-item'),
    rating: 'partly',
    note: 'Alleen 2 keer per jaar',
  });
  await expect(row.getByRole('status')).toHaveCount(0);
});

test('the first unrated item has the focus once the form is live', async ({ page, baseURL }) => {
  const id = await newInterview(page, baseURL);
  await page.goto(`/interviews/${id}`);
  const rows = page.locator('li.capture-item');
  await expect(rows.first()).toBeFocused({ timeout: 20_000 });
  await page.keyboard.press('3');
  await expect(page.getByTestId('save-state')).toContainText('1/193');
  await expect(page.getByTestId('save-state')).toContainText('Opgeslagen');
  await page.reload();
  await expect(rows.nth(1)).toBeFocused({ timeout: 20_000 });
});

test('the jump menu reaches the trends from the top of the form', async ({ page, baseURL }) => {
  const id = await newInterview(page, baseURL);
  await openCapture(page, id);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.getByText('Ga naar').click();
  await page.getByRole('navigation', { name: 'Onderdelen van het interview' }).getByRole('link', { name: 'Impact van de trends' }).click();
  await expect(page.getByRole('heading', { name: 'Impact van de trends' })).toBeFocused();
  await expect(page.getByRole('heading', { name: 'Impact van de trends' })).toBeInViewport();
  // The menu stays in reach down there, and goes back up to a role.
  await page.getByText('Ga naar').click();
  await page.getByRole('navigation', { name: 'Onderdelen van het interview' }).getByRole('link').first().click();
  await expect(page.locator('.capture-role h3').first()).toBeFocused();
});

test('a viewer sees the interview read-only, with whom to ask', async ({ page, baseURL }) => {
  const id = await newInterview(page, baseURL);
  await signInAs(page, baseURL, 'viewer');
  await page.goto(`/interviews/${id}`);
  await expect(page.getByTestId('read-only')).toContainText('Alleen');
  await expect(page.getByTestId('read-only')).toContainText('coördinatoren');
  const rows = page.locator('li.capture-item');
  await expect(rows.first().getByRole('radio').first()).toBeDisabled();
  await expect(page.getByTestId('metadata')).toHaveCount(0);
  await expect(page.getByTestId('metadata-facts')).toBeVisible();
  await expect(page.locator('.trend-row select').first()).toBeDisabled();
  await expect(page.locator('.levels input[type="checkbox"]').first()).toBeDisabled();
  // Keys move through the rows but rate nothing.
  await expect(async () => {
    await rows.first().focus();
    await page.keyboard.press('j');
    await expect(rows.nth(1)).toBeFocused({ timeout: 500 });
  }).toPass({ timeout: 20_000 });
  // A rating would be sent at once: count what the page sends instead of waiting a while.
  const saves: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/sfn/interviews/save')) saves.push(r.url());
  });
  await page.keyboard.press('1');
  // The next key is handled after the first, so once it has moved the focus, '1' has been seen.
  await page.keyboard.press('j');
  await expect(rows.nth(2)).toBeFocused();
  expect(saves).toEqual([]);
  expect(await rows.nth(1).getAttribute('data-rated')).toBe('false');
  expect((await stored(page, id)).answers).toHaveLength(0);
});

test('a coordinator gives an interview to another interviewer, who may then edit it', async ({ page, baseURL }) => {
  const id = await newInterview(page, baseURL);
  await page.goto(`/interviews/${id}`);
  const select = page.getByLabel('Interviewer', { exact: true });
  await expect(select.locator('option', { hasText: 'Ian Jansen (fictief)' })).toHaveCount(1);
  await expect(select.locator('option', { hasText: 'Vera Visser' })).toHaveCount(0);
  await expect(async () => {
    await select.selectOption({ label: 'Ian Jansen (fictief)' });
    await expect(page.getByText('Interviewer gewijzigd')).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });

  await signInAs(page, baseURL, 'interviewer');
  await page.goto(`/interviews/${id}`);
  await expect(page.getByTestId('interview-title')).toBeVisible();
  await expect(page.getByTestId('read-only')).toHaveCount(0);
  await expect(page.locator('li.capture-item').first().getByRole('radio').first()).toBeEnabled();
});
