import { expect, test as setup } from '@playwright/test';
import { ADMIN } from './credentials';

setup('sign in as the admin created from ADMIN_EMAIL', async ({ page }) => {
  await page.goto('/overview');
  await expect(page).toHaveURL(/\/login$/); // signed out → the sign-in page
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/overview/);
  await expect(page.getByRole('heading', { name: 'Overview', level: 1 })).toBeVisible();
  await page.context().storageState({ path: '.e2e/admin.json' });
});
