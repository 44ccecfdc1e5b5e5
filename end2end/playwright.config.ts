import { defineConfig, devices } from '@playwright/test';
import { operatorToken } from './tests/helpers';

// scripts/e2e.sh builds the app, picks free ports and a throwaway database for each project,
// and passes them here. Each project runs the whole suite against its own freshly started server.
const bin = process.env.AANSLUITING_BIN ?? '../target/debug/aansluiting';
const siteRoot = process.env.AANSLUITING_SITE_ROOT ?? '../target/site';
const metricsToken = operatorToken;

type Target = { name: string; port: string; args: string };
const targets: Target[] = [];
if (process.env.E2E_SQLITE_PORT) {
  targets.push({
    name: 'sqlite',
    port: process.env.E2E_SQLITE_PORT,
    args: `--data-dir ${process.env.E2E_SQLITE_DIR}`,
  });
}
if (process.env.E2E_PG_PORT && process.env.E2E_PG_URL) {
  targets.push({ name: 'postgres', port: process.env.E2E_PG_PORT, args: `--database-url ${process.env.E2E_PG_URL}` });
}
if (targets.length === 0) {
  throw new Error('Run the browser tests through scripts/e2e.sh (it starts the servers).');
}

const chromium = {
  ...devices['Desktop Chrome'],
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  },
};

export default defineConfig({
  testDir: './tests',
  timeout: 30_000,
  // The suite takes a few minutes; anything stuck fails here, with Playwright's report, long
  // before CI's own limit would kill the run without one.
  globalTimeout: 20 * 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  use: { trace: 'retain-on-failure', screenshot: 'only-on-failure' },
  projects: targets.map((t) => ({
    name: t.name,
    use: { ...chromium, baseURL: `http://127.0.0.1:${t.port}` },
  })),
  webServer: targets.map((t) => ({
    command: `${bin} serve --bind 127.0.0.1:${t.port} --site-root ${siteRoot} ${t.args}`,
    url: `http://127.0.0.1:${t.port}/readyz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
    // The tests read /metrics and the detailed /readyz as an operator would (tests/helpers.ts).
    env: { AANSLUITING_LOG: 'warn', AANSLUITING_METRICS_TOKEN: metricsToken },
  })),
});
