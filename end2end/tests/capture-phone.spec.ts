import { expect, test } from '@playwright/test';
import { newInterview, openCapture, signIn } from './helpers';

// The capture page on a 390 px phone with a touch screen.
test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

test.beforeEach(async ({ page, baseURL }) => {
  await signIn(page, baseURL);
});

test('on a phone the first item is on the first screen and every control is at least 44 × 44 px', async ({ page, baseURL }) => {
  const id = await newInterview(page, baseURL);
  await page.goto(`/interviews/${id}`);
  const first = page.locator('li.capture-item').first();
  await expect(first).toBeVisible();
  await page.evaluate(() => window.scrollTo(0, 0));
  const box = await first.boundingBox();
  expect(box).not.toBeNull();
  // Its label and its rating buttons are on the first screen.
  const buttons = await first.getByRole('radio').first().boundingBox();
  expect(buttons!.y + buttons!.height).toBeLessThanOrEqual(844);

  // No keyboard legend on a touch screen.
  await expect(page.locator('.capture-help')).toBeHidden();

  // Open what is folded, so its controls are measured too: a note, a history, the details.
  await first.getByRole('button', { name: /Notitie/ }).click();
  await first.getByRole('button', { name: /Geschiedenis/ }).click();
  await page.getByText('Interviewgegevens bewerken').click();

  const small = await page.evaluate(() => {
    const selector = 'a[href], button, input:not([type="hidden"]), select, textarea, summary, [tabindex]:not([tabindex="-1"]), [contenteditable="true"]';
    return Array.from(document.querySelectorAll<HTMLElement>(selector))
      .filter((el) => {
        const style = getComputedStyle(el);
        const r = el.getBoundingClientRect();
        // Hidden: not rendered, or parked off-screen until focused (the skip link).
        return style.visibility !== 'hidden' && style.display !== 'none' && r.width > 0 && r.height > 0 && r.bottom + window.scrollY > 0;
      })
      .filter((el) => {
        const r = el.getBoundingClientRect();
        return r.width < 44 || r.height < 44;
      })
      .map((el) => `${el.tagName.toLowerCase()}.${el.className} "${(el.textContent ?? '').trim().slice(0, 30)}" ${Math.round(el.getBoundingClientRect().width)}×${Math.round(el.getBoundingClientRect().height)}`);
  });
  expect(small).toEqual([]);
});

test('on a phone the jump menu and the progress read whole', async ({ page, baseURL }) => {
  const id = await newInterview(page, baseURL);
  await openCapture(page, id);
  await page.evaluate(() => window.scrollTo(0, 0));
  // "0/193 items" on one line.
  const count = page.getByTestId('save-state').locator('.nowrap');
  const line = await count.evaluate((el) => parseFloat(getComputedStyle(el).lineHeight) || 24);
  expect((await count.boundingBox())!.height).toBeLessThanOrEqual(line * 1.5);
  await page.getByText('Ga naar').click();
  const link = page.getByRole('navigation', { name: 'Onderdelen van het interview' }).getByRole('link', { name: 'Functies en opleiding' });
  await expect(link).toBeInViewport();
  await link.click();
  await expect(page.getByRole('heading', { name: 'Functies en opleiding', exact: true })).toBeFocused();
});
