import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { signIn } from './helpers';

test.beforeEach(async ({ page, baseURL }) => {
  await signIn(page, baseURL);
});

const fixture = (name: string) => path.join(__dirname, '..', 'fixtures', name);

/** The form needs hydration to read the file; retry the submit until the app has hydrated. */
async function importFile(page: Page, file: string) {
  const status = page.getByTestId('import-status');
  await expect(async () => {
    // Before hydration the submit reloads the page natively and the chosen file is gone: choose it each try.
    await page.getByLabel('Bestand (.json of .qdc)').setInputFiles(fixture(file));
    await page.getByRole('button', { name: 'Importeren' }).click();
    await expect(status).not.toBeEmpty({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  return status;
}

test('the built-in SBB Commercie codebook is listed and its tree is searchable', async ({ page }) => {
  await page.goto('/codebooks');
  await expect(page.getByTestId('codebook-table')).toContainText('Bcp Commercie (SBB, 2021)');
  await page.getByRole('link', { name: 'Bcp Commercie (SBB, 2021)' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Bcp Commercie (SBB, 2021)');
  const counts = page.getByTestId('codebook-counts');
  await expect(counts).toContainText('193');
  await expect(counts).toContainText('111');

  const tree = page.getByTestId('codebook-tree');
  await expect(tree).toContainText('Medewerker verkoop en klantencontact');
  await page.getByLabel('Zoeken in items').fill('klachten afhandelen');
  await expect(page.getByRole('status').filter({ hasText: 'items gevonden' })).toContainText(/^\d+ items gevonden/);
  const visibleItems = tree.locator('.tree__item:visible');
  await expect(visibleItems.first()).toContainText(/klachten afhandelen/i);
  for (const text of await visibleItems.allInnerTexts()) {
    expect(text.toLowerCase()).toContain('klachten afhandelen');
  }
});

test('a coordinator imports a .qdc through the page and sees its tree', async ({ page }) => {
  await page.goto('/codebooks');
  const status = await importFile(page, 'kleine-bcp.qdc');
  await expect(status).toContainText('Geïmporteerd:');
  await expect(status).toContainText('kleine bcp');
  await expect(status).toContainText('4 te beoordelen items');
  await expect(page.getByTestId('codebook-table')).toContainText('kleine bcp');

  await status.getByRole('link', { name: 'kleine bcp' }).click();
  const tree = page.getByTestId('codebook-tree');
  await expect(tree).toContainText('Demo-kwalificatie Logistiek medewerker');
  await expect(tree).toContainText('1. Medewerker magazijn');
  await tree.getByText('Werkzaamheden').click();
  await expect(tree).toContainText('2. Verzamelt orders met een handscanner.');

  // The same file again changes nothing and says so.
  await page.goto('/codebooks');
  const again = await importFile(page, 'kleine-bcp.qdc');
  await expect(again).toContainText('Deze versie was al aanwezig');
});

test('a broken file is refused with the place of the problem, and nothing is imported', async ({ page }) => {
  await page.goto('/codebooks');
  const before = await page.getByTestId('codebook-table').locator('tbody tr').count();
  const status = await importFile(page, 'kapot.qdc');
  await expect(status).toContainText('Importeren mislukt.');
  await expect(status.locator('.problems code').first()).toHaveText(/^regel \d+, kolom \d+$/);
  await page.reload();
  await expect(page.getByTestId('codebook-table').locator('tbody tr')).toHaveCount(before);
});
