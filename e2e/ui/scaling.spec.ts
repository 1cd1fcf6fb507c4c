import { expect, test } from '@playwright/test';

test('the Scaling dashboard shows the live fleet, scales it by hand with the reason recorded, and edits the proxy and policies', async ({
  page,
}) => {
  await page.goto('/scaling');
  await expect(page).toHaveURL(/\/scaling\/overview/);
  await expect(page.getByTestId('capacity-running')).toHaveText('2', { timeout: 30_000 });
  const topology = page.getByTestId('fleet-topology');
  await expect(topology.getByText(/ · up/)).toHaveCount(2, { timeout: 15_000 });
  await expect(page.getByRole('table', { name: 'Instances' }).getByRole('row')).toHaveCount(3);
  await expect(page.getByTestId('latest-evaluation')).toContainText(/Hold at 2|Scale/, { timeout: 15_000 });

  // Manual scaling behind a confirmation; the timeline says who and why.
  await page.getByRole('spinbutton', { name: 'Instances', exact: true }).fill('3');
  await page.getByLabel('Hold (minutes)').fill('0');
  await page.getByRole('button', { name: 'Scale', exact: true }).click();
  await page.getByRole('dialog', { name: 'Scale to 3?' }).getByRole('button', { name: 'Confirm' }).click();
  await expect(page.getByTestId('capacity-running')).toHaveText('3', { timeout: 30_000 });
  await page.getByRole('tab', { name: 'History' }).click();
  await expect(page).toHaveURL(/\/scaling\/history/);
  await expect(page.getByRole('table', { name: 'Scaling decisions' })).toContainText(/Manual: 2 → 3 by /);

  // The load balancer: weights, enable/disable, with the state shown.
  await page.getByRole('tab', { name: 'Load balancer' }).click();
  const servers = page.getByRole('table', { name: 'Servers' });
  await expect(servers.getByRole('row')).toHaveCount(4, { timeout: 15_000 });
  const row = servers.getByRole('row').nth(1);
  const id = (await row.getByRole('cell').first().innerText()).trim();
  await row.getByLabel(`Weight of ${id}`).fill('5');
  await row.getByLabel(`Weight of ${id}`).press('Enter');
  await expect(page.getByText(`Weight of ${id} is 5`)).toBeVisible();
  await row.getByRole('button', { name: 'Disable' }).click();
  await expect(servers.getByRole('row').filter({ hasText: id })).toContainText('disabled');
  await servers.getByRole('row').filter({ hasText: id }).getByRole('button', { name: 'Enable' }).click();
  await expect(servers.getByRole('row').filter({ hasText: id })).not.toContainText('disabled');

  // Policies: a target policy without its target is refused, naming the field.
  await page.getByRole('tab', { name: 'Policies' }).click();
  await page.getByRole('button', { name: 'Add target policy' }).click();
  const policy = page.getByLabel(/^Policy policy-\d+$/).last();
  await policy.getByLabel('Target').fill('');
  await page.getByRole('button', { name: 'Save policies' }).click();
  await expect(page.getByText(/policies\.\d+\.target: a target-tracking policy needs target/)).toBeVisible();
  await policy.getByLabel('Target').fill('1000');
  await page.getByRole('button', { name: 'Save policies' }).click();
  await expect(page.getByText('Policies saved')).toBeVisible();
  // …and replayed over what the fleet recorded so far.
  await page.getByLabel('Recorded range').click();
  await page.getByRole('option', { name: 'last 1h' }).click();
  await page.getByRole('button', { name: 'Test against history' }).click();
  await expect(page.getByTestId('backtest-summary')).toContainText(
    /Over \d+ recorded minutes these policies would have run [\d.]+ instance-hours/,
  );

  // Predictions: a fresh fleet has hours, not days, of traffic; the page says what it needs.
  await page.getByRole('tab', { name: 'Predictions' }).click();
  await expect(page.getByText('Not enough history to forecast yet')).toBeVisible();
  await expect(page.getByText(/needs 48 consecutive steps of traffic/)).toBeVisible();

  // Metrics: the instance counts the fleet recorded.
  await page.getByRole('tab', { name: 'Metrics' }).click();
  await expect(page).toHaveURL(/\/scaling\/metrics/);
  await expect(async () => {
    await page.reload();
    await expect(
      page.getByTestId('chart-fleet_instances').locator('path.recharts-line-curve, .recharts-dot').first(),
    ).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: 30_000 });
  await page.screenshot({ path: '.e2e/results/scaling-metrics.png', fullPage: true });

  // Back to two instances and no policies for whatever runs next.
  await page.request.put('/api/performance/scaling', {
    data: { policies: [] },
    headers: { 'x-csrf-token': await csrf(page), origin: new URL(page.url()).origin },
  });
  await page.goto('/scaling/overview');
  await page.getByRole('spinbutton', { name: 'Instances', exact: true }).fill('2');
  await page.getByRole('button', { name: 'Scale', exact: true }).click();
  await page.getByRole('dialog', { name: 'Scale to 2?' }).getByRole('button', { name: 'Confirm' }).click();
  await expect(page.getByTestId('capacity-running')).toHaveText('2', { timeout: 30_000 });
  await page.screenshot({ path: '.e2e/results/scaling-overview.png', fullPage: true });
});

async function csrf(page: import('@playwright/test').Page): Promise<string> {
  const s = await (await page.request.get('/api/auth/session')).json();
  return s.csrfToken as string;
}
