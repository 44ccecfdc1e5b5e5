import { expect, test } from '@playwright/test';
import { newInterview, openCapture, queuedOps, rateFirstOnceHydrated, signIn, underServiceWorker } from './helpers';

test.beforeEach(async ({ page, baseURL }) => {
  await signIn(page, baseURL);
});

test('interview details saved offline survive a reload and reach the server once', async ({ page, context, baseURL }) => {
  const id = await newInterview(page, baseURL);
  await openCapture(page, id);
  await underServiceWorker(page);
  await page.reload();
  await openCapture(page, id);

  await context.setOffline(true);
  await page.getByText('Interviewgegevens bewerken').click();
  await page.getByLabel('Functie gesprekspartner', { exact: true }).fill('Hoofd verkoop binnendienst');
  await page.getByLabel('Notities bij het interview').fill('Offline vastgelegd in de kantine');
  await page.getByRole('button', { name: 'Gegevens opslaan' }).click();
  await expect(page.getByTestId('details-queued')).toBeVisible();
  await expect(page.getByTestId('save-state')).toContainText('Geen verbinding — 1 wachtend');
  // No raw transport error reaches the user.
  await expect(page.locator('body')).not.toContainText('Failed to fetch');

  await page.reload();
  await page.getByText('Interviewgegevens bewerken').click();
  await expect(page.getByLabel('Functie gesprekspartner', { exact: true })).toHaveValue('Hoofd verkoop binnendienst');
  await expect(page.getByLabel('Notities bij het interview')).toHaveValue('Offline vastgelegd in de kantine');

  await context.setOffline(false);
  await expect(page.getByTestId('save-state')).toContainText('Opgeslagen', { timeout: 15_000 });
  const stored = await (await page.request.get(`/api/v1/interviews/${id}`)).json();
  expect([stored.respondent_function, stored.notes]).toEqual(['Hoofd verkoop binnendienst', 'Offline vastgelegd in de kantine']);
  // Created at revision 1; the one edit made it 2, once.
  expect(stored.revision).toBe(2);
  expect(await queuedOps(page, id, 'details')).toBe(0);
});

test('an expired session mid-interview says so in Dutch, and the waiting changes go out after signing in again', async ({
  page,
  context,
  baseURL,
}) => {
  const id = await newInterview(page, baseURL);
  const rows = await openCapture(page, id);
  await rateFirstOnceHydrated(page, rows);

  // The session ends behind the page's back (expiry, or signed out elsewhere).
  const cookies = await context.cookies();
  await context.clearCookies();
  await rows.nth(1).focus();
  await page.keyboard.press('2');
  const banner = page.getByTestId('session-lost');
  await expect(banner).toContainText('Uw sessie is verlopen');
  await expect(page.getByTestId('save-state')).toContainText('Niet aangemeld — 1 wachtend');
  // The header no longer claims someone is signed in.
  await expect(page.locator('.user-menu')).not.toContainText('Afmelden');

  // Signing in again through the banner returns to the interview, and the change is sent.
  await banner.getByRole('link', { name: 'Opnieuw aanmelden' }).click();
  await expect(page).toHaveURL(/\/signin\?next=/);
  await context.addCookies(cookies.filter((c) => c.name === 'lang'));
  // A click before the page has hydrated posts the plain form, which signs in but comes back
  // to the sign-in page: fill in and try again until the live page takes the user back.
  await expect(async () => {
    await page.getByLabel('E-mailadres').fill(process.env.E2E_EMAIL ?? '');
    await page.getByLabel('Wachtwoord').fill(process.env.E2E_PASSWORD ?? '');
    await page.getByRole('button', { name: 'Aanmelden' }).last().click();
    await expect(page).toHaveURL(new RegExp(`/interviews/${id}$`), { timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  // The page shows the waiting change at once, and sends it.
  await expect(page.locator('li.capture-item').nth(1).getByRole('radio', { name: /Gedeeltelijk/ })).toHaveAttribute('aria-checked', 'true');
  await expect(async () => {
    const stored = await (await page.request.get(`/api/v1/interviews/${id}`)).json();
    expect(stored.answered).toBe(2);
  }).toPass({ timeout: 15_000 });
  await expect(page.getByTestId('save-state')).toContainText('Opgeslagen');
  expect(await queuedOps(page, id)).toBe(0);
});
