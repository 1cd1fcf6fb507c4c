import { expect, test } from '@playwright/test';

test('with no user, the console leads to a one-time setup that creates the admin', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/setup$/);
  await page.goto('/login');
  await expect(page).toHaveURL(/\/setup$/);

  await page.getByLabel('Email').fill('first@redline.test');
  await page.getByLabel('Name').fill('First Admin');
  await page.getByLabel('Password').fill('short');
  await page.getByRole('button', { name: 'Create admin and sign in' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'password' })).toContainText('at least 10 characters');

  await page.getByLabel('Password').fill('first-admin-password');
  await page.getByRole('button', { name: 'Create admin and sign in' }).click();
  await expect(page).toHaveURL(/\/overview/);
  await expect(page.getByRole('button', { name: 'First Admin' })).toBeVisible();

  // The setup page is gone for good.
  const again = await page.goto('/setup');
  expect(again?.status()).toBe(404);
  await page.goto('/settings/users');
  await expect(page.getByRole('cell', { name: 'first@redline.test', exact: true })).toBeVisible();
});
