import { expect, test } from '@playwright/test';
import { demoEmail, demoPassword } from './helpers';

test('a coordinator signs in, sees the demo study, signs out and can no longer reach it', async ({ page }) => {
  await page.goto('/studies');
  await expect(page.getByRole('heading', { name: 'Meld u aan om deze pagina te zien' })).toBeVisible();

  await page.getByRole('banner').getByRole('link', { name: 'Aanmelden' }).click();
  await expect(page).toHaveURL(/\/signin$/);
  // Until the page has hydrated the form posts natively; retry until the app takes over.
  await expect(async () => {
    await page.getByLabel('E-mailadres').fill(demoEmail());
    await page.getByLabel('Wachtwoord').fill(demoPassword());
    await page.getByRole('button', { name: 'Aanmelden' }).click();
    await expect(page).toHaveURL(/\/studies$/, { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });

  const study = page.getByTestId('study-list').getByRole('link', { name: 'Demo-studie Commercie (fictief)' });
  await expect(study).toBeVisible();
  await study.click();
  await expect(page.getByTestId('study-name')).toHaveText('Demo-studie Commercie (fictief)');
  await expect(page.getByRole('definition').filter({ hasText: 'Coördinator' })).toBeVisible();
  await expect(page.getByTestId('members')).toContainText('Demo-coördinator');
  await expect(page.getByTestId('audit')).toContainText('heeft de studie');
  const studyUrl = page.url();
  // The members table fits a phone screen.
  await page.setViewportSize({ width: 360, height: 740 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.setViewportSize({ width: 1280, height: 720 });

  await expect(page.getByRole('banner').getByRole('link', { name: 'Demo-coördinator' })).toBeVisible();
  // The button acts once the page has hydrated (it also clears this device's page cache):
  // click again until it has, as the sign-in above does.
  await expect(async () => {
    if (!/\/signin$/.test(page.url())) {
      await page.getByRole('banner').getByRole('button', { name: 'Afmelden' }).click({ timeout: 2_000 });
    }
    await expect(page).toHaveURL(/\/signin$/, { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });

  await page.goto(studyUrl);
  await expect(page.getByRole('heading', { name: 'Meld u aan om deze pagina te zien' })).toBeVisible();
  await expect(page.getByText('Demo-studie Commercie (fictief)')).toHaveCount(0);
  const api = await page.request.get(studyUrl.replace('/studies/', '/api/v1/studies/'));
  expect(api.status()).toBe(401);
});

test('a wrong password is refused with a clear message', async ({ page }) => {
  await page.goto('/signin');
  await expect(async () => {
    await page.getByLabel('E-mailadres').fill(demoEmail());
    await page.getByLabel('Wachtwoord').fill('niet-het-wachtwoord');
    await page.getByRole('button', { name: 'Aanmelden' }).click();
    await expect(page.getByText('Het e-mailadres of wachtwoord klopt niet.')).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await expect(page).toHaveURL(/\/signin$/);
});
