import { expect, test } from '@playwright/test';

const PAGES = [
  ['Overview', '/overview'],
  ['Performance', '/performance/overview'],
  ['Scaling', '/scaling'],
  ['Profiling', '/profiling'],
  ['Optimization', '/optimization'],
  ['Settings', '/settings/runtime'],
  ['API reference', '/docs/api'],
] as const;

test('every page of the navigation renders under its Content-Security-Policy', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // A script or style the policy blocks is reported on the console.
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to (execute|load|apply)/i.test(m.text())) errors.push(m.text());
  });
  await page.goto('/overview');
  for (const [label, path] of PAGES) {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label }).click();
    await expect(page).toHaveURL(new RegExp(`${path}`));
    const heading = label === 'Settings' ? 'Settings' : label;
    await expect(page.getByRole('heading', { name: heading, level: 1 })).toBeVisible();
  }
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  for (const tab of ['Users', 'API tokens', 'Scrape targets', 'Audit log', 'Runtime']) {
    await page.getByRole('tab', { name: tab }).click();
    await expect(page.getByRole('tab', { name: tab })).toHaveAttribute('aria-selected', 'true');
  }
  await page.goto('/settings/nope');
  await expect(page.getByText('404')).toBeVisible();
  expect(errors).toEqual([]);
});

test('the API reference renders every route from /api/openapi.json and can call one as the signed-in user', async ({
  page,
}) => {
  await page.goto('/docs/api');
  const ref = page.getByTestId('api-reference');
  await expect(ref.locator('.opblock-tag').first()).toBeVisible({ timeout: 30_000 });
  await ref.locator('.opblock-tag', { hasText: /^ping/ }).click();
  const op = ref.locator('.opblock-get', { hasText: '/api/ping' });
  await op.locator('.opblock-summary').click();
  await op.getByRole('button', { name: 'Try it out' }).click();
  await op.getByRole('button', { name: 'Execute' }).click();
  await expect(op.locator('.response .response-col_status').first()).toContainText('200');
});

test('the theme toggle switches light and dark and the choice survives a reload', async ({ page }) => {
  await page.goto('/overview');
  const html = page.locator('html');
  const toggle = page.getByRole('button', { name: /^Theme:/ });
  await expect(toggle).toHaveAttribute('data-theme-mode', 'system');
  await toggle.click();
  await expect(html).toHaveClass(/light/);
  await page.getByRole('button', { name: /^Theme:/ }).click();
  await expect(html).toHaveClass(/dark/);
  const darkBg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await page.reload();
  await expect(html).toHaveClass(/dark/);
  expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(darkBg);
  await page.getByRole('button', { name: /^Theme:/ }).click(); // back to system for other tests
  await expect(page.getByRole('button', { name: /^Theme:/ })).toHaveAttribute('data-theme-mode', 'system');
});

test('time range and auto-refresh live in the URL, survive reloads and follow navigation', async ({ page }) => {
  await page.goto('/overview');
  await page.getByRole('combobox', { name: 'Time range' }).click();
  await page.getByRole('option', { name: 'Last 6h' }).click();
  await expect(page).toHaveURL(/range=6h/);
  await page.getByRole('combobox', { name: 'Auto-refresh' }).click();
  await page.getByRole('option', { name: 'Every 5s' }).click();
  await expect(page).toHaveURL(/refresh=5s/);
  await page.reload();
  await expect(page.getByRole('combobox', { name: 'Time range' })).toHaveText('Last 6h');
  await expect(page.getByRole('combobox', { name: 'Auto-refresh' })).toHaveText('Every 5s');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Performance' }).click();
  await expect(page).toHaveURL(/\/performance\?.*range=6h/);
  // A shared link opens the same view.
  await page.goto('/overview?range=24h');
  await expect(page.getByRole('combobox', { name: 'Time range' })).toHaveText('Last 24h');
});

test('a custom range is applied from the picker', async ({ page }) => {
  await page.goto('/overview');
  await page.getByRole('combobox', { name: 'Time range' }).click();
  await page.getByRole('option', { name: 'Custom…' }).click();
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/range=custom&from=\d+&to=\d+|range=custom.*from=\d+.*to=\d+/);
});

test('charts are drawn from the console’s own request metrics', async ({ page, request }) => {
  for (let i = 0; i < 20; i++) await request.get('/api/health');
  await page.goto('/overview?range=15m&refresh=5s');
  const chart = page.getByTestId('chart-request-rate');
  await expect(
    chart.locator('.recharts-line path.recharts-line-curve, .recharts-line .recharts-dot').first(),
  ).toBeVisible({ timeout: 20_000 });
  await page.goto('/performance/api?range=15m');
  await expect(page.getByTestId('api-summary')).toContainText('/api/health');
});
