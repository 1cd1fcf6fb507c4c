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

test('signing in returns to the page that was asked for, and never to another site', async ({ page, adminApi }) => {
  const user = await adminApi.createUser('viewer');
  await page.goto('/scaling/history?range=24h');
  await expect(page).toHaveURL(/\/login\?next=%2Fscaling%2Fhistory%3Frange%3D24h/);
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/scaling\/history\?range=24h$/);
  // A crafted link to another site lands on the Overview instead.
  await page.getByRole('button', { name: 'viewer user' }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await page.goto('/login?next=%2F%2Fevil.example%2Fx');
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/127\.0\.0\.1:3100\/overview$/);
});
