// The console with FLEET_PROVIDER=kubernetes: the Deployment's pods as the fleet (addresses, CPU
// from the metrics API), served through the proxy, and scaled by hand from the Overview through the
// Deployment's scale subresource, with the decision on the History timeline.
import { expect, signInUi, test } from '../fixtures';
import { ADMIN } from '../credentials';

test('the Scaling dashboard shows the Deployment’s pods and scales the Deployment', async ({ page }) => {
  test.setTimeout(120_000);
  await signInUi(page, ADMIN);
  await page.goto('/scaling/overview');
  const instances = page.getByRole('region', { name: 'Instances' });
  await expect(instances).toContainText("The Deployment's pods");
  const table = page.getByRole('table', { name: 'Instances' });
  await expect(table.getByRole('row')).toHaveCount(3, { timeout: 30_000 });
  await expect(table.getByRole('row').nth(1)).toContainText(/web-5f7c9-\w+/);
  await expect(table.getByRole('row').nth(1)).toContainText(/127\.0\.0\.1:\d+/);
  // CPU arrives from metrics.k8s.io after two of its readings.
  await expect(table.getByRole('row').nth(1).getByRole('cell').nth(4)).toContainText('%', { timeout: 30_000 });
  await expect(page.getByTestId('capacity-running')).toHaveText('2', { timeout: 30_000 });

  await page.getByRole('spinbutton', { name: 'Instances', exact: true }).fill('3');
  await page.getByLabel('Hold (minutes)').fill('0');
  await page.getByRole('button', { name: 'Scale', exact: true }).click();
  await page.getByRole('dialog', { name: 'Scale to 3?' }).getByRole('button', { name: 'Confirm' }).click();
  await expect(page.getByTestId('capacity-running')).toHaveText('3', { timeout: 30_000 });
  await expect(table.getByRole('row')).toHaveCount(4);
  await page.getByRole('tab', { name: 'History' }).click();
  await expect(page.getByRole('table', { name: 'Scaling decisions' })).toContainText(/Manual: 2 → 3 by /);
});
