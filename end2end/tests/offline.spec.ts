import { expect, test } from '@playwright/test';
import { newInterview, openCapture, rateFirstOnceHydrated, signIn, underServiceWorker } from './helpers';

test.beforeEach(async ({ page, baseURL }) => {
  await signIn(page, baseURL);
});

test('offline, a page never opened here explains itself, counts the waiting changes and opens once online', async ({
  page,
  context,
  baseURL,
}) => {
  const kept = await newInterview(page, baseURL);
  const neverOpened = await newInterview(page, baseURL);
  await openCapture(page, kept);
  await underServiceWorker(page);
  const rows = page.locator('li.capture-item');
  await rateFirstOnceHydrated(page, rows);

  await context.setOffline(true);
  await rows.nth(1).focus();
  await page.keyboard.press('2');
  await rows.nth(2).focus();
  await page.keyboard.press('3');
  await expect(page.getByTestId('save-state')).toContainText('Geen verbinding');

  await page.goto(`/interviews/${neverOpened}`);
  await expect(page).toHaveURL(new RegExp(`/offline\\?from=${encodeURIComponent(`/interviews/${neverOpened}`)}$`));
  await expect(page.getByRole('heading', { name: 'Geen verbinding' })).toBeVisible();
  // The page is kept for whoever uses this device next: it names nobody.
  await expect(page.getByText('Demo-coördinator')).toHaveCount(0);
  await expect(page.getByTestId('offline-waiting')).toContainText('2');

  await context.setOffline(false);
  await page.getByRole('link', { name: 'Opnieuw proberen' }).click();
  await expect(page).toHaveURL(new RegExp(`/interviews/${neverOpened}$`));
  await expect(page.getByTestId('save-state')).toContainText('0/193');

  // The two waiting answers go out when their interview is open again.
  await page.goto(`/interviews/${kept}`);
  await expect(page.getByTestId('save-state')).toContainText('3/193');
  await expect(page.getByTestId('save-state')).toContainText('Opgeslagen', { timeout: 15_000 });
  const stored = await (await page.request.get(`/api/v1/interviews/${kept}`)).json();
  expect(stored.answered).toBe(3);
});

test('the offline page never sends "try again" off this site', async ({ page }) => {
  await page.goto('/offline?from=//evil.example/x');
  await expect(page.getByRole('link', { name: 'Opnieuw proberen' })).toHaveAttribute('href', '/');
});

test('after a switch to English the offline page is English too', async ({ page, context, baseURL }) => {
  const neverOpened = await newInterview(page, baseURL);
  await page.goto('/studies');
  await underServiceWorker(page);
  await expect(async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.getByRole('heading', { name: 'My studies' })).toBeVisible({ timeout: 1_000 });
    await expect(page.locator('html')).toHaveAttribute('lang', 'en', { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  // The service worker stores the English copy as the switch fetches it.
  await expect(async () => {
    const cached = await page.evaluate(async () => {
      const copy = await (await caches.open('aansluiting-offline-v1')).match('/offline');
      return copy ? await copy.text() : '';
    });
    expect(cached).toContain('No connection');
  }).toPass({ timeout: 10_000 });

  await context.setOffline(true);
  await page.goto(`/interviews/${neverOpened}`);
  await expect(page.getByRole('heading', { name: 'No connection' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Try again' })).toHaveAttribute('href', `/interviews/${neverOpened}`);
  await context.setOffline(false);
});
