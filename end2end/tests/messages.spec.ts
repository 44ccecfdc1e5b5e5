import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { demoEmail, demoPassword, signIn, signInAs } from './helpers';

// Issue 9: the Dutch UI words every failure itself. These are the English texts the server
// sends to API clients; none of them may reach a Dutch page.
const ENGLISH = [
  /no account for/i,
  /create-user/i,
  /is already a member/i,
  /needs at least one coordinator/i,
  /sign in first/i,
  /could not be read/i,
  /missing field/i,
  /unexpected end/i,
  /EOF while parsing/i,
  /the codebook breaks/i,
];

async function expectNoEnglish(page: Page) {
  const text = await page.locator('main').innerText();
  for (const phrase of ENGLISH) expect(text, `English on a Dutch page: ${phrase}`).not.toMatch(phrase);
}

const SHOTS = process.env.SHOTS_DIR ?? '/tmp/shots';
async function shoot(page: Page, name: string) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

async function demoStudyUrl(page: Page) {
  const studies = await (await page.request.get('/api/v1/studies')).json();
  const study = studies.find((s: { name: string }) => s.name === 'Demo-studie Commercie (fictief)');
  return `/studies/${study.id}`;
}

/** Submits the invite form until the hydrated page answers in the status region (an
 *  invitation or a refusal). A click before hydration posts the plain form and leaves the page:
 *  then the study page is opened again and the next attempt waits for the app. */
async function invite(page: Page, email: string) {
  const answer = page.getByTestId('members-error').or(page.getByTestId('members-invited'));
  const studyPage = page.url();
  await expect(async () => {
    if (page.url() !== studyPage) await page.goto(studyPage);
    await page.getByLabel('E-mailadres').fill(email);
    await page.getByRole('button', { name: 'Uitnodigen' }).click();
    await expect(answer).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  return answer;
}

test('a wrong password is told in Dutch', async ({ page }) => {
  await page.goto('/signin');
  await expect(async () => {
    await page.getByLabel('E-mailadres').fill(demoEmail());
    await page.getByLabel('Wachtwoord').fill('niet-het-wachtwoord');
    await page.getByRole('button', { name: 'Aanmelden' }).click();
    await expect(page.getByText('Het e-mailadres of wachtwoord klopt niet.')).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await expectNoEnglish(page);
});

test('inviting tells the same for any address, refuses twice in Dutch, and can be withdrawn', async ({ page, baseURL }) => {
  await signIn(page, baseURL);
  await page.goto(await demoStudyUrl(page));
  await expect(page.getByTestId('members')).toContainText('Demo-coördinator');
  // A new member is an interviewer unless the coordinator chooses otherwise.
  await expect(page.locator('#member-role')).toHaveValue('interviewer');

  // An address nobody has an account with is invited like any other: nothing tells the difference.
  const nobody = `niemand-${Date.now()}@example.test`;
  const answer = await invite(page, nobody);
  await expect(answer).toHaveText(`${nobody} is uitgenodigd als interviewer.`);
  await expect(page.getByTestId('invitations')).toContainText(nobody);
  await expect(page.locator('#member-email')).toHaveValue('');
  await expectNoEnglish(page);

  // Twice is refused, and a member already is told so; the form keeps what was typed.
  await invite(page, nobody);
  await expect(page.getByTestId('members-error')).toContainText('Dit adres is al uitgenodigd');
  await expect(page.locator('#member-email')).toHaveValue(nobody);
  await page.getByLabel('E-mailadres').fill(demoEmail());
  await page.getByRole('button', { name: 'Uitnodigen' }).click();
  await expect(page.getByTestId('members-error')).toContainText('Deze persoon is al lid van de studie');
  await expect(page.getByText('Dit adres is al uitgenodigd')).toHaveCount(0);
  await expectNoEnglish(page);

  // Demoting the only coordinator is refused, in Dutch.
  await page.getByLabel('Rol Demo-coördinator').selectOption('viewer');
  await expect(page.getByTestId('members-error')).toContainText('Een studie heeft minstens één coördinator nodig');
  await expectNoEnglish(page);
  await shoot(page, 'study-desktop');
  await page.setViewportSize({ width: 390, height: 844 });
  await shoot(page, 'study-phone');
  await page.setViewportSize({ width: 1280, height: 800 });

  // Withdrawing asks first; the log says who was invited and withdrawn, by address.
  await page.getByRole('button', { name: `Intrekken ${nobody}` }).click();
  await page.getByRole('group').getByRole('button', { name: `Intrekken ${nobody}` }).click();
  await expect(page.getByText(nobody, { exact: true })).toHaveCount(0);
  await expect(page.getByTestId('audit')).toContainText(`heeft de uitnodiging aan ${nobody} ingetrokken`);
  await expect(page.getByTestId('audit')).toContainText(`heeft ${nobody} uitgenodigd als interviewer`);
});

test('an invited colleague accepts on the studies page and is a member at once', async ({ browser, baseURL }) => {
  const coordinator = await browser.newPage();
  await signIn(coordinator, baseURL);
  const studyUrl = await demoStudyUrl(coordinator);
  const studyId = studyUrl.split('/').pop();
  // Earlier runs on this database may have let her in already: start from outside the study.
  const members = await (await coordinator.request.get(`/api/v1/studies/${studyId}/members`)).json();
  const earlier = members.find((m: { email: string }) => m.email === 'invitee@demo.aansluiting.test');
  if (earlier) {
    const res = await coordinator.request.delete(`/api/v1/studies/${studyId}/members/${earlier.user_id}`, { headers: { origin: baseURL ?? '' } });
    expect(res.status()).toBe(204);
  }
  const open = await (await coordinator.request.get(`/api/v1/studies/${studyId}/invitations`)).json();
  for (const inv of open.filter((i: { email: string }) => i.email === 'invitee@demo.aansluiting.test')) {
    const res = await coordinator.request.delete(`/api/v1/studies/${studyId}/invitations/${inv.id}`, { headers: { origin: baseURL ?? '' } });
    expect(res.status()).toBe(204);
  }
  await coordinator.goto(studyUrl);
  await invite(coordinator, 'invitee@demo.aansluiting.test');
  await expect(coordinator.getByTestId('members-invited')).toHaveText('invitee@demo.aansluiting.test is uitgenodigd als interviewer.');

  const invitee = await browser.newPage();
  await signInAs(invitee, baseURL, 'invitee');
  await invitee.goto('/studies');
  const card = invitee.getByTestId('my-invitations');
  await expect(card).toContainText('nodigt je uit voor „Demo-studie Commercie (fictief)” als interviewer');
  await expect(invitee.getByTestId('study-list')).toHaveCount(0);
  await invitee.setViewportSize({ width: 390, height: 844 });
  await shoot(invitee, 'invitation-phone');
  const accept = card.getByRole('button', { name: 'Aannemen Demo-studie Commercie (fictief)' });
  await expect(async () => {
    await accept.click({ timeout: 2_000 });
    await expect(invitee.getByTestId('invitation-status')).toContainText('Je bent nu lid van „Demo-studie Commercie (fictief)”', { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await expect(card).toHaveCount(0);
  await expect(invitee.getByTestId('study-list')).toContainText('Demo-studie Commercie (fictief)');
  await expectNoEnglish(invitee);
  await invitee.getByRole('link', { name: 'Demo-studie Commercie (fictief)' }).click();
  await expect(invitee.getByTestId('study-name')).toHaveText('Demo-studie Commercie (fictief)');

  // The coordinator sees her among the members, no longer among the invitations.
  await coordinator.reload();
  await expect(coordinator.getByTestId('members')).toContainText('Ines Nieuw (fictief)');
  await expect(coordinator.getByTestId('invitations')).toHaveCount(0);
  await expect(coordinator.getByTestId('audit')).toContainText('Ines Nieuw (fictief) heeft de uitnodiging aangenomen en is nu interviewer');
  await invitee.close();
  await coordinator.close();
});

test('removing a member asks first, and the log says it in a sentence', async ({ page, baseURL }) => {
  await signIn(page, baseURL);
  await page.goto(await demoStudyUrl(page));
  const remove = page.getByRole('button', { name: 'Verwijderen Demo-coördinator' });
  await expect(async () => {
    await remove.click({ timeout: 2_000 });
    await expect(page.getByText('Weet je het zeker?')).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  // The confirming button has the focus; Escape takes it back without removing anyone.
  await expect(page.getByRole('group', { name: 'Verwijderen Demo-coördinator' }).getByRole('button', { name: 'Verwijderen Demo-coördinator' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByText('Weet je het zeker?')).toHaveCount(0);
  await expect(remove).toBeFocused();
  await expect(page.getByTestId('members')).toContainText('Demo-coördinator');

  const log = page.getByTestId('audit');
  await expect(log).toContainText('heeft de studie „Demo-studie Commercie (fictief)” aangemaakt');
  await expect(log).not.toContainText('study.created');
  await expect(log).not.toContainText('{');
  // Removing the last coordinator is refused after confirming; the log does not change.
  await remove.click();
  await page.getByRole('group').getByRole('button', { name: 'Verwijderen Demo-coördinator' }).click();
  await expect(page.getByTestId('members-error')).toContainText('minstens één coördinator');
});

function truncated(file: string, lines: number) {
  const text = fs.readFileSync(path.join(__dirname, '..', 'fixtures', file), 'utf8');
  return Buffer.from(text.split('\n').slice(0, lines).join('\n'));
}

test('a cut-off codebook file is reported in Dutch where it stops', async ({ page, baseURL }) => {
  await signIn(page, baseURL);
  await page.goto('/codebooks');
  const status = page.getByTestId('import-status');
  const json = JSON.stringify({ format: 'aansluiting.codebook', format_version: 1, name: 'x', version: 1,
    nodes: [{ guid: '10000000-0000-4000-8000-000000000001', kind: 'qualification', label: 'Q' }] }, null, 2);
  const files = [
    { name: 'afgebroken.qdc', mimeType: 'application/xml', buffer: truncated('kleine-bcp.qdc', 12), line: 12 },
    { name: 'afgebroken.json', mimeType: 'application/json', buffer: Buffer.from(json.split('\n').slice(0, 6).join('\n')), line: 6 },
  ];
  for (const file of files) {
    await expect(async () => {
      await page.getByLabel('Bestand (.json of .qdc)').setInputFiles({ name: file.name, mimeType: file.mimeType, buffer: file.buffer });
      await page.getByRole('button', { name: 'Importeren' }).click();
      await expect(status).toContainText('Importeren mislukt', { timeout: 2_000 });
      await expect(status).toContainText(`regel ${file.line}, kolom`, { timeout: 2_000 });
    }).toPass({ timeout: 30_000 });
    await expect(status).toContainText('Het bestand is geen leesbaar codeboek');
    await expect(status).toContainText('houdt hier op');
    await expectNoEnglish(page);
  }
  // A JSON file without its GUID names the missing field in Dutch.
  const noGuid = Buffer.from(JSON.stringify({ name: 'x', version: 1, nodes: [] }, null, 2));
  await page.getByLabel('Bestand (.json of .qdc)').setInputFiles({ name: 'zonder-guid.json', mimeType: 'application/json', buffer: noGuid });
  await page.getByRole('button', { name: 'Importeren' }).click();
  await expect(status).toContainText('Het verplichte veld „guid” ontbreekt');
  await expectNoEnglish(page);
});

test('an ended session shows the Dutch sign-in prompt, not the server text', async ({ page, baseURL, context }) => {
  await signIn(page, baseURL);
  const url = await demoStudyUrl(page);
  const cookies = await context.cookies();
  // End the session on the server, then come back with the old cookie.
  const res = await page.request.delete('/api/v1/session', { headers: { origin: baseURL ?? '' } });
  expect(res.status()).toBe(204);
  await context.clearCookies();
  await context.addCookies(cookies);
  await page.goto(url);
  await expect(page.getByRole('heading', { name: 'Meld u aan om deze pagina te zien' })).toBeVisible();
  await expectNoEnglish(page);
  // And with no cookie at all.
  await context.clearCookies();
  await page.goto(url);
  await expect(page.getByRole('heading', { name: 'Meld u aan om deze pagina te zien' })).toBeVisible();
  await expectNoEnglish(page);
});

test('an unknown address is an ordinary styled page that knows who is signed in', async ({ page, baseURL }) => {
  await page.goto('/');
  const homeFont = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
  const homeHeader = await page.evaluate(() => getComputedStyle(document.querySelector('header')!).backgroundColor);
  await signIn(page, baseURL);
  const res = await page.goto('/bestaat/niet');
  expect(res?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Pagina niet gevonden' })).toBeVisible();
  expect(await page.evaluate(() => getComputedStyle(document.body).fontFamily)).toBe(homeFont);
  expect(await page.evaluate(() => getComputedStyle(document.querySelector('header')!).backgroundColor)).toBe(homeHeader);
  // The stylesheet applied: the browser default serif font would mean it was blocked.
  expect(homeFont).not.toMatch(/^"?Times/);
  const banner = page.getByRole('banner');
  await expect(banner.getByRole('link', { name: 'Demo-coördinator' })).toBeVisible();
  await expect(banner.getByRole('link', { name: 'Aanmelden' })).toHaveCount(0);
  await shoot(page, '404-desktop');
  await page.setViewportSize({ width: 390, height: 844 });
  await shoot(page, '404-phone');
});

test('a new API token can be copied with one click', async ({ page, baseURL, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await signIn(page, baseURL);
  await page.goto('/account');
  // Sessions are named by browser and system, not by the raw User-Agent header.
  await expect(page.getByTestId('sessions')).toContainText(/Chrome op (Linux|Windows)/);
  await expect(page.getByTestId('sessions')).not.toContainText('Mozilla/5.0');
  const name = `kopie-${Date.now()}`;
  await expect(async () => {
    await page.getByLabel('Naam van de sleutel').fill(name);
    // A token asks for the current password (the other form on the page asks for it too).
    await page.locator('#token-password').fill(demoPassword());
    await page.getByRole('button', { name: 'Sleutel maken' }).click();
    await expect(page.getByTestId('new-token')).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  const token = await page.getByTestId('new-token').innerText();
  await page.getByRole('button', { name: 'Kopiëren' }).click();
  await expect(page.getByTestId('copy-status')).toHaveText('Gekopieerd');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);

  // Revoking asks first.
  const revoke = page.getByRole('button', { name: `Intrekken ${name}` });
  await revoke.click();
  await page.getByRole('button', { name: 'Annuleren' }).click();
  await expect(page.locator('li', { hasText: name })).not.toContainText('ingetrokken');
  await revoke.click();
  await page.getByRole('group').getByRole('button', { name: `Intrekken ${name}` }).click();
  await expect(page.locator('li', { hasText: name })).toContainText('ingetrokken');
});
