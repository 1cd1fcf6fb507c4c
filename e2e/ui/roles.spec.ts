import { expect, signInUi, test } from '../fixtures';

test.use({ storageState: { cookies: [], origins: [] } });

test('a viewer is refused an operator action with a visible message, then signs out', async ({ page, adminApi }) => {
  await signInUi(page, await adminApi.createUser('viewer'));

  await page.getByRole('button', { name: 'Run now' }).first().click();
  await page.getByRole('dialog').getByRole('button', { name: 'Run now' }).click();
  await expect(page.getByTestId('notice')).toContainText('This needs the operator role; you are viewer');

  await page.goto('/settings/users');
  await expect(page.getByText('This needs the admin role; you are viewer')).toBeVisible();

  await page.getByRole('button', { name: 'viewer user' }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto('/overview');
  await expect(page).toHaveURL(/\/login/);
});

test('an operator runs the same action and sees its measured duration', async ({ page, adminApi }) => {
  await signInUi(page, await adminApi.createUser('operator'));
  await page.getByRole('button', { name: 'Run now' }).first().click();
  await page.getByRole('dialog').getByRole('button', { name: 'Run now' }).click();
  await expect(page.getByTestId('notice')).toContainText(/retention finished in [\d.]+ (ms|s)/);
});
