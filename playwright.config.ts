import { defineConfig } from '@playwright/test';
import { FRESH_URL, KUBE_URL, PG_URLS, SQLITE_URL } from './e2e/credentials';
import { explain, missingTools } from './tests/helpers/requirements';

// A missing browser or tool fails the run here, at once, with the command that installs it.
const missing = missingTools();
if (missing.length) throw new Error(explain('end-to-end suite', missing));

const chromium = {
  browserName: 'chromium' as const,
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  },
};

export default defineConfig({
  testDir: 'e2e',
  outputDir: '.e2e/results',
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  timeout: 60_000,
  expect: { timeout: 15_000 },
  use: { ...chromium, trace: 'on-first-retry', screenshot: 'only-on-failure' },
  projects: [
    { name: 'setup', testMatch: /auth\.setup\.ts/, use: { baseURL: SQLITE_URL } },
    {
      name: 'sqlite',
      testMatch: /(ui|api)\/.*\.spec\.ts/,
      dependencies: ['setup'],
      use: { baseURL: SQLITE_URL, storageState: '.e2e/admin.json' },
    },
    { name: 'pg-redis', testMatch: /scale-out\/.*\.spec\.ts/, use: { baseURL: PG_URLS[0] } },
    { name: 'first-run', testMatch: /first-run\/.*\.spec\.ts/, use: { baseURL: FRESH_URL } },
    // FLEET_PROVIDER=kubernetes against a local stand-in for the API server with real pods.
    { name: 'kubernetes', testMatch: /kubernetes\/.*\.spec\.ts/, use: { baseURL: KUBE_URL } },
    // Starts and stops its own servers (Redis outage, graceful shutdown).
    { name: 'lifecycle', testMatch: /lifecycle\/.*\.spec\.ts/ },
  ],
  webServer: [
    {
      command: 'tsx e2e/serve.ts sqlite 3100',
      url: `${SQLITE_URL}/api/health`,
      timeout: 240_000,
      reuseExistingServer: false,
      gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
    },
    {
      command: 'tsx e2e/serve.ts fresh 3103',
      url: `${FRESH_URL}/api/health`,
      timeout: 240_000,
      reuseExistingServer: false,
      gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
    },
    {
      command: 'tsx e2e/serve.ts kube 3105',
      url: `${KUBE_URL}/api/health`,
      timeout: 240_000,
      reuseExistingServer: false,
      gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
    },
    {
      command: 'tsx e2e/serve.ts pg 3101',
      url: `${PG_URLS[0]}/api/health`,
      timeout: 240_000,
      reuseExistingServer: false,
      gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
    },
  ],
});
