import { expect, type Page } from '@playwright/test';

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
