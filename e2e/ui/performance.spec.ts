import { expect, test } from '@playwright/test';

const TABS = ['Overview', 'API', 'Database', 'Caching', 'CDN', 'Optimization', 'Alerts'];

test('the Performance dashboard shows every tab from measured data, and its tabs are links', async ({
  page,
  request,
}) => {
  for (let i = 0; i < 15; i++) await request.get('/api/health');
  await page.goto('/performance?range=15m');
  await expect(page).toHaveURL(/\/performance\/overview\?range=15m/);
  await expect(page.getByTestId('card-apiResponseTime')).toContainText(/ms|s/);
  await expect(page.getByTestId('gauge-cpu')).toBeVisible();
  for (const tab of TABS) {
    await page.getByRole('tab', { name: tab }).click();
    await expect(page).toHaveURL(new RegExp(`/performance/${tab.toLowerCase()}\\?range=15m`));
  }
  await page.getByRole('tab', { name: 'CDN' }).click();
  await expect(page.getByTestId('cdn-variants')).toHaveText(/^\d+$/);
  await expect(page.getByText('CDN health')).toBeVisible();
  await page.getByRole('tab', { name: 'API' }).click();
  await expect(page.getByTestId('api-summary')).toContainText('/api/health');
  await expect(
    page.getByTestId('chart-endpoint-latency').locator('path.recharts-line-curve, .recharts-dot').first(),
  ).toBeVisible();
  await expect(page.getByTestId('heatmap-http_server_request_duration_ms').locator('rect').first()).toBeVisible();
  await page.getByText('Expected band').first().click();
  await expect(page.getByText(/Shaded: expected p95 \((ewma|seasonal) baseline/)).toBeVisible();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export api-summary as CSV' }).click();
  expect((await download).suggestedFilename()).toBe('api-summary.csv');
  await page.goto('/performance/nope');
  await expect(page.getByText('404')).toBeVisible();
});

test('live mode streams new points over SSE and is kept in the URL', async ({ page, request }) => {
  await page.goto('/performance/overview?range=15m');
  await page.getByText('Live', { exact: true }).click(); // the label toggles the switch
  await expect(page).toHaveURL(/live=1/);
  await expect(page.getByTestId('live-status')).toHaveText('streaming');
  const pump = setInterval(() => void request.get('/api/health').catch(() => undefined), 250);
  await expect(page.getByTestId('live-chart').locator('path.recharts-line-curve').first()).toBeVisible({
    timeout: 15_000,
  });
  clearInterval(pump);
});

test('a rule is tested against the last 24 h, added, and listed with its condition', async ({ page }) => {
  await page.goto('/performance/alerts');
  await page.getByLabel('Name').first().fill(`ui-rule-${Date.now()}`);
  await page.getByLabel('Threshold').fill('0');
  await page.getByLabel('For (min)').fill('0');
  await page.getByRole('button', { name: 'Test against the last 24 h' }).click();
  await expect(page.getByTestId('backtest-result')).toBeVisible();
  await page.getByRole('button', { name: 'Add rule' }).click();
  await expect(page.getByTestId('notice')).toContainText('created');
  await expect(page.getByTestId('rules-table')).toContainText('avg(host_cpu_percent) > 0');
});

test('a trace rule over one service’s spans is tested against the last 24 h and added', async ({ page }) => {
  await page.goto('/performance/alerts');
  await page.getByLabel('Name').first().fill(`ui-trace-rule-${Date.now()}`);
  await page.getByLabel('Kind').click();
  await page.getByRole('option', { name: 'trace' }).click();
  // Redline traces its own requests: its service is there to pick.
  await page.getByLabel('Service').click();
  await page.getByRole('option', { name: 'redline', exact: true }).click();
  await page.getByLabel('Attributes (k=v;…)').fill('http.request.method=GET');
  await page.getByLabel('Aggregation').click();
  await page.getByRole('option', { name: 'p95' }).click();
  await page.getByLabel('Threshold (ms)').fill('60000');
  await page.getByLabel('For (min)').fill('0');
  await page.getByRole('button', { name: 'Test against the last 24 h' }).click();
  await expect(page.getByTestId('backtest-result')).toContainText('Would not have fired');
  await page.getByRole('button', { name: 'Add rule' }).click();
  await expect(page.getByTestId('notice')).toContainText('created');
  await expect(page.getByTestId('rules-table')).toContainText(
    'p95(spans{service="redline", attrs="http.request.method=GET"}) > 60000',
  );
});
