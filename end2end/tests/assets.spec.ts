import { expect, test, type Response } from '@playwright/test';

// What a phone downloads for a page: the stylesheet, script and wasm, named by their content,
// brotli-compressed, and kept for a year. The compressed copies are written at build time:
// by cargo-leptos in a release build (`make release`), by scripts/precompress.sh in the debug
// build the suite runs (AANSLUITING_PROFILE=release scripts/e2e.sh runs it on a release build).

const IMMUTABLE = 'public, max-age=31536000, immutable';

test('the page loads its files named by content, brotli-compressed and kept for a year', async ({ page, request }) => {
  const files = new Map<string, Response>();
  page.on('response', (res) => {
    const path = new URL(res.url()).pathname;
    if (path.startsWith('/pkg/')) files.set(path, res);
  });
  await page.goto('/');
  // The wasm is fetched last, by the script.
  await expect.poll(() => [...files.keys()].map((path) => path.split('.').pop()).sort()).toEqual(['css', 'js', 'wasm']);

  for (const [path, res] of files) {
    expect(path).toMatch(/^\/pkg\/aansluiting\.[A-Za-z0-9_-]{22}\.(css|js|wasm)$/);
    const headers = await res.allHeaders();
    expect(headers['cache-control'], path).toBe(IMMUTABLE);
    expect(headers['vary'], path).toContain('accept-encoding');
    expect(headers['content-encoding'], path).toBe('br');
    // The copy written at build time, whose length is known before sending, and far smaller
    // than the file.
    const sent = (await res.request().sizes()).responseBodySize;
    expect(Number(headers['content-length']), path).toBe(sent);
    const size = (await (await request.get(path, { headers: { 'accept-encoding': 'identity' } })).body()).length;
    expect(sent, path).toBeLessThan(size / 2);
  }
  const wasm = [...files.values()].find((res) => res.url().endsWith('.wasm'));
  expect(await wasm?.headerValue('content-type')).toBe('application/wasm');
});

test('the service worker is checked on every visit and names the files the page uses', async ({ page, request }) => {
  await page.goto('/');
  const used = await page.evaluate(() =>
    [...document.querySelectorAll('link[href^="/pkg/"]')].map((link) => link.getAttribute('href')),
  );
  expect(used).toHaveLength(3);

  const res = await request.get('/sw.js');
  expect(res.status()).toBe(200);
  expect(res.headers()['cache-control']).toBe('no-cache');
  const script = await res.text();
  for (const path of used) expect(script).toContain(`'${path}'`);
  expect(script).not.toContain("'/pkg/aansluiting.wasm'");

  const favicon = await request.get('/favicon.svg');
  expect(favicon.headers()['cache-control']).toBe('no-cache');
});
