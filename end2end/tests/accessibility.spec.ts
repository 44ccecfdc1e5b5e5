import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { newInterview, openCapture, signIn } from './helpers';

// axe-core's WCAG 2.1 A and AA rules (labels, names, contrast, landmarks, ARIA) on every page a
// user reaches, signed in and not, in Dutch.
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

async function expectNoViolations(page: Page, what: string) {
  const found = (await violations(page)).map((v) => ({
    rule: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
  }));
  expect(found, `${what}: ${JSON.stringify(found, null, 2)}`).toEqual([]);
}

async function violations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  return results.violations;
}

test.beforeEach(({}, testInfo) => {
  test.skip(testInfo.project.name !== 'sqlite', 'the markup does not depend on the database');
});

test('the checker finds a field without a label and text without contrast', async ({ page }) => {
  await page.setContent(
    '<html lang="nl"><head><title>t</title></head><body><main><h1>t</h1>' +
      '<input type="text"><p style="color:#bbb;background:#fff">vaag</p></main></body></html>',
  );
  const rules = (await violations(page)).map((v) => v.id).sort();
  expect(rules).toEqual(['color-contrast', 'label']);
});

test('public pages pass the WCAG A/AA checks', async ({ page }) => {
  for (const path of ['/', '/signin', '/status', '/offline', '/does-not-exist']) {
    await page.goto(path);
    await expectNoViolations(page, path);
  }
});

test('the signed-in pages and the capture form pass the WCAG A/AA checks', async ({ page, baseURL }) => {
  // The capture form has 193 items: checking it takes a while.
  test.setTimeout(120_000);
  await signIn(page, baseURL);
  const id = await newInterview(page, baseURL);
  const interview = await (await page.request.get(`/api/v1/interviews/${id}`)).json();
  const study = await (await page.request.get(`/api/v1/studies/${interview.study_id}`)).json();
  for (const path of ['/studies', `/studies/${study.id}`, '/codebooks', `/codebooks/${study.codebook_id}`, '/account']) {
    await page.goto(path);
    await expectNoViolations(page, path);
  }
  await openCapture(page, id);
  await expectNoViolations(page, 'capture form');
  await page.getByText('Interviewgegevens bewerken').click();
  await expectNoViolations(page, 'capture form with the details open');
});
