import { expect, test } from '@playwright/test';
import { asOperator } from './helpers';

// Which database the server under test uses, from the Playwright project name.
const database = () => test.info().project.name;

test('the page hydrates: the language switch works in place and is remembered', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Aansluiting bij de beroepspraktijk');

  // The switch is a plain button with a click handler: it does nothing until the wasm has hydrated,
  // so retry the click until hydration has happened.
  const english = page.getByRole('button', { name: 'English' });
  await expect(async () => {
    await english.click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Fit with professional practice', {
      timeout: 500,
    });
  }).toPass({ timeout: 20_000 });
  await expect(english).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Fit with professional practice');

  // After the reload the page hydrates again before the switch responds.
  await expect(async () => {
    await page.getByRole('button', { name: 'Nederlands' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Aansluiting bij de beroepspraktijk', { timeout: 500 });
  }).toPass({ timeout: 20_000 });
});

test('without JavaScript the page still renders, and the switch stays inert', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, baseURL });
  const page = await context.newPage();
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Aansluiting bij de beroepspraktijk');
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Aansluiting bij de beroepspraktijk');
  await context.close();
});

test('client-side navigation to the status page calls the server', async ({ page }) => {
  await page.goto('/');
  await expect(async () => {
    await page.getByRole('link', { name: 'Systeemstatus' }).click();
    await expect(page).toHaveURL(/\/status$/, { timeout: 500 });
  }).toPass({ timeout: 20_000 });
  await expect(page.getByTestId('status-database')).toHaveText(database());
  await expect(page.getByRole('link', { name: 'Systeemstatus' })).toHaveAttribute('aria-current', 'page');
  await page.getByRole('button', { name: 'Opnieuw controleren' }).click();
  await expect(page.getByTestId('status-database')).toHaveText(database());
});

test('readiness is 200 and unknown pages are a real 404', async ({ page, request }) => {
  const ready = await request.get('/readyz', { headers: asOperator });
  expect(ready.status()).toBe(200);
  expect((await ready.json()).database).toBe(database());

  const response = await page.goto('/deze-pagina-bestaat-niet');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Pagina niet gevonden');
  await page.getByRole('link', { name: 'Terug naar het overzicht' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Aansluiting bij de beroepspraktijk');
});

test('keyboard: the first Tab reaches the skip link, which moves focus to the content', async ({ page }) => {
  await page.goto('/');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Naar de inhoud' });
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#main$/);
});

test('on a phone the layout fits the screen without sideways scrolling', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, baseURL });
  const page = await context.newPage();
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: test.info().outputPath('phone.png'), fullPage: true });
  await context.close();
});
