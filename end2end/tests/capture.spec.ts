import { expect, test } from '@playwright/test';
import { signIn } from './helpers';

test.beforeEach(async ({ page, baseURL }) => {
  await signIn(page, baseURL);
});

test('an interviewer starts an interview and rates a whole role with the keyboard only', async ({ page }) => {
  await page.goto('/studies');
  await page.getByTestId('study-list').getByRole('link', { name: 'Demo-studie Commercie (fictief)' }).click();
  const organisation = `Toetsbedrijf ${Date.now()} (fictief)`;
  await expect(async () => {
    await page.getByLabel('Organisatie').fill(organisation);
    await page.getByLabel('SBI-sectie').selectOption('G');
    await page.getByRole('button', { name: 'Aanmaken' }).click();
    await expect(page).toHaveURL(/\/interviews\//, { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await expect(page.getByTestId('interview-title')).toHaveText(organisation);

  // Role 2 of Commercieel medewerker has 21 items: description, tasks, competencies, knowledge.
  const role = page.getByRole('region', { name: 'Commercieel administratief medewerker' });
  const rows = role.locator('li.capture-item');
  const count = await rows.count();
  expect(count).toBe(21);
  await rows.first().focus();
  const keys = ['1', '2', '3', '0'];
  for (let i = 0; i < count; i++) {
    await page.keyboard.press(keys[i % 4]);
    await page.keyboard.press('j');
  }
  await expect(role.getByRole('heading', { level: 2 })).toContainText('21/21');
  await expect(page.getByTestId('save-state')).toContainText('Opgeslagen');
  await expect(rows.nth(1).getByRole('radio', { name: /Gedeeltelijk herkend/ })).toHaveAttribute('aria-checked', 'true');

  // A note on the focused item with n, kept after a reload.
  await rows.nth(4).focus();
  await page.keyboard.press('n');
  await page.keyboard.type('Alleen bij grotere klanten');
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('save-state')).toContainText('Opgeslagen');
  await page.reload();
  const again = page.getByRole('region', { name: 'Commercieel administratief medewerker' });
  await expect(again.getByRole('heading', { level: 2 })).toContainText('21/21');
  await expect(again.locator('li.capture-item').nth(4).locator('textarea')).toHaveValue('Alleen bij grotere klanten');
  await expect(again.locator('li.capture-item').nth(2).getByRole('radio', { name: /Niet herkend/ })).toHaveAttribute('aria-checked', 'true');
});
