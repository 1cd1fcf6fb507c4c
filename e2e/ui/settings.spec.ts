import { expect, test } from '@playwright/test';

test('an admin creates and revokes an API token, and the audit log shows both', async ({ page }) => {
  await page.goto('/settings/tokens');
  await page.getByLabel('Name').fill('ci-ingest');
  await page.getByRole('button', { name: 'Create token' }).click();
  await expect(page.getByTestId('new-token')).toHaveText(/^rl_/);
  const row = page.getByRole('row', { name: /ci-ingest/ });
  await expect(row).toContainText('active');
  await row.getByRole('button', { name: 'Revoke' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
  await expect(page.getByRole('row', { name: /ci-ingest/ })).toContainText('revoked');

  await page.goto('/settings/audit');
  const audit = page.getByTestId('audit-table');
  await expect(audit).toContainText('tokens.create');
  await expect(audit).toContainText('tokens.revoke');
  await expect(audit).toContainText('admin@redline.test');
  await expect(audit).toContainText('127.0.0.1');
});

test('an admin changes a runtime setting and can reset it to the environment default', async ({ page }) => {
  await page.goto('/settings/runtime');
  const input = page.getByRole('spinbutton', { name: 'Maximum instances' });
  await input.fill('7');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByTestId('notice')).toContainText('Settings saved');
  const row = page.getByRole('row', { name: /Maximum instances/ });
  await expect(row).toContainText('changed by admin@redline.test');
  await page.reload();
  await expect(page.getByRole('spinbutton', { name: 'Maximum instances' })).toHaveValue('7');
  await row.getByRole('button', { name: 'Reset' }).click();
  await expect(page.getByRole('row', { name: /Maximum instances/ })).toContainText('environment');
  await expect(page.getByRole('spinbutton', { name: 'Maximum instances' })).toHaveValue('4'); // MAX_INSTANCES of the e2e server
});

test('durations read and change in units, not milliseconds', async ({ page }) => {
  await page.goto('/settings/runtime');
  const retention = page.getByRole('textbox', { name: 'Metrics retention' });
  await expect(retention).toHaveValue('30d');
  await retention.fill('45d');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByTestId('notice')).toContainText('Settings saved');
  await page.reload();
  await expect(page.getByRole('textbox', { name: 'Metrics retention' })).toHaveValue('45d');
  await page
    .getByRole('row', { name: /Metrics retention/ })
    .getByRole('button', { name: 'Reset' })
    .click();
  await expect(page.getByRole('textbox', { name: 'Metrics retention' })).toHaveValue('30d');
});
