import { expect, type Locator, type Page } from '@playwright/test';

/** What the test servers take as their metrics token (playwright.config.ts starts them with it). */
export const operatorToken = 'e2e-metrics-token';
export const asOperator = { authorization: `Bearer ${operatorToken}` };

export const demoEmail = () => process.env.E2E_EMAIL ?? 'coordinator@demo.aansluiting.test';
export const demoPassword = () => {
  const pw = process.env.E2E_PASSWORD;
  if (!pw) throw new Error('E2E_PASSWORD is not set: run the browser tests through scripts/e2e.sh');
  return pw;
};

/** Signs the page's browser context in through the API (sharing its cookies), from our own origin. */
export async function signIn(page: Page, baseURL: string | undefined) {
  const res = await page.request.post('/api/v1/session', {
    data: { email: demoEmail(), password: demoPassword() },
    headers: { origin: baseURL ?? '' },
  });
  expect(res.status()).toBe(200);
}

/** Signs in as another account (scripts/e2e.sh seeds `viewer` and `interviewer` of the demo
 *  study, and `invitee` of no study). */
export async function signInAs(page: Page, baseURL: string | undefined, role: 'viewer' | 'interviewer' | 'invitee') {
  const res = await page.request.post('/api/v1/session', {
    data: { email: `${role}@demo.aansluiting.test`, password: demoPassword() },
    headers: { origin: baseURL ?? '' },
  });
  expect(res.status()).toBe(200);
}

/** A new interview in the demo study, made through the API; its id. */
export async function newInterview(page: Page, baseURL: string | undefined) {
  const studies = await (await page.request.get('/api/v1/studies')).json();
  const study = studies.find((s: { name: string }) => s.name === 'Demo-studie Commercie (fictief)');
  const res = await page.request.post(`/api/v1/studies/${study.id}/interviews`, {
    data: { organisation: `Offline BV ${Date.now()} (fictief)`, sbi_section: 'M' },
    headers: { origin: baseURL ?? '' },
  });
  expect(res.status()).toBe(201);
  return (await res.json()).id as string;
}

/** Rates the first row with 1, retrying until the form has hydrated, and waits for the save. */
export async function rateFirstOnceHydrated(page: Page, rows: Locator) {
  await expect(async () => {
    await rows.first().focus();
    await page.keyboard.press('1');
    await expect(page.getByTestId('save-state')).toContainText('1/193', { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await expect(page.getByTestId('save-state')).toContainText('Opgeslagen');
}

export async function openCapture(page: Page, id: string) {
  await page.goto(`/interviews/${id}`);
  const rows = page.locator('li.capture-item');
  await expect(page.getByTestId('save-state')).toContainText('0/193');
  // The server-rendered page looks the same before the form is live: wait until j moves the focus,
  // which only the hydrated form does and which writes nothing.
  await expect(async () => {
    await rows.first().focus();
    await page.keyboard.press('j');
    await expect(rows.nth(1)).toBeFocused({ timeout: 500 });
  }).toPass({ timeout: 20_000 });
  return rows;
}

/** Waits until the service worker controls the page (the first visit installs it; a reload may be needed). */
export async function underServiceWorker(page: Page) {
  const controlled = () => page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 20_000 });
  await controlled().catch(async () => {
    await page.reload();
    await controlled();
  });
}

/**
 * How many changes to interview `id` wait in this browser's queue of `kind`, over every account
 * (app/src/sync/account.rs keeps each account's queue under its own key, which keys from before
 * did not); null when there is none.
 */
export async function queuedOps(page: Page, id: string, kind: 'answers' | 'details' = 'answers') {
  return page.evaluate(
    ([id, kind]) => {
      const account = '(?:(?!details\\.)[^.]+\\.)?';
      const pattern = new RegExp(`^aansluiting\\.queue\\.${account}${kind === 'details' ? 'details\\.' : ''}${id}$`);
      const keys = Object.keys(localStorage).filter((k) => pattern.test(k));
      if (keys.length === 0) return null;
      return keys.reduce((n, k) => n + (JSON.parse(localStorage.getItem(k) ?? '[]') as unknown[]).length, 0);
    },
    [id, kind] as const,
  );
}
