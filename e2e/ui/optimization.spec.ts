import { expect, test } from '@playwright/test';
import sharp from 'sharp';

test('the Assets inventory lists measured images, optimizes a selection with progress, and compares before/after', async ({
  page,
}) => {
  await page.goto('/optimization');
  const table = page.getByRole('table', { name: 'Image assets' });
  const row = table.getByRole('row').filter({ hasText: '/photos/sample.jpg' });
  await expect(row).toContainText('1600×1200');
  await expect(table.getByRole('row').filter({ hasText: '/not-an-image.jpg' })).toContainText('unreadable');

  // An upload appears in the inventory with its measured size.
  const buffer = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#a50' } })
    .jpeg()
    .toBuffer();
  await page.getByLabel('Upload images').setInputFiles({ name: 'from-ui.jpg', mimeType: 'image/jpeg', buffer });
  await expect(table.getByRole('row').filter({ hasText: '/uploads/from-ui' }).first()).toContainText('64×48');

  await page.getByLabel('Filter by path').fill('photos');
  await expect(table.getByRole('row').filter({ hasText: '/not-an-image.jpg' })).toHaveCount(0);
  await row.getByRole('checkbox', { name: 'Select /photos/sample.jpg' }).check();
  await page.getByRole('button', { name: 'Optimize selected (1)' }).click();
  await expect(page.getByText(/Made 2 variants/)).toBeVisible({ timeout: 30_000 });
  await expect(row.getByRole('cell').nth(5)).not.toHaveText('0');
  await expect(row).toContainText('%)'); // the measured saving of the smallest variant
  // The bytes those variants saved appear in the savings chart (once the metrics batch is stored).
  await expect(async () => {
    await page.reload();
    await expect(
      page.getByTestId('chart-bytes-saved').locator('path.recharts-line-curve, .recharts-dot').first(),
    ).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 20_000 });

  await row.getByRole('button', { name: 'Compare' }).click();
  const dialog = page.getByRole('dialog', { name: /Before and after/ });
  await expect(dialog.getByRole('img', { name: 'original /photos/sample.jpg' })).toBeVisible();
  await expect(dialog.getByRole('img', { name: 'optimized /photos/sample.jpg' })).toBeVisible();
  await expect(dialog).toContainText(/WebP at 640px: .* smaller/);
  await dialog.getByRole('slider').focus();
  await page.keyboard.press('ArrowRight');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();

  // CDN health: the refused probe is down, this server is up and active (failover order).
  const health = page.getByRole('table', { name: 'CDN health targets' });
  await expect(async () => {
    await page.reload();
    await expect(health.getByRole('row').filter({ hasText: 'origin' })).toContainText('up', { timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  await expect(health.getByRole('row').filter({ hasText: 'edge-a' })).toContainText('down');
  await expect(health.getByRole('row').filter({ hasText: 'origin' })).toContainText('active');

  // Purge the variants of that image, behind a confirmation.
  const purge = page.getByRole('region', { name: 'Purge cached variants' });
  await purge.getByLabel('Source path').fill('/photos/sample.jpg');
  await purge.getByRole('button', { name: 'Purge' }).click();
  await page.getByRole('dialog', { name: 'Purge cached variants?' }).getByRole('button', { name: 'Purge' }).click();
  await expect(purge).toContainText(/Purged \d+ variants of 1 sources/);
  await expect(row.getByRole('cell').nth(5)).toHaveText('0');

  // Tag it from its row; purge by that tag behind a confirmation; the edge says no provider is set up.
  await row.getByRole('button', { name: 'Tags of /photos/sample.jpg' }).click();
  const marks = page.getByRole('dialog', { name: /Tags and preload/ });
  await marks.getByLabel('Tags').fill('gallery, rl-bad');
  await marks.getByRole('button', { name: 'Save' }).click();
  await expect(marks).toContainText("Redline's own");
  await marks.getByLabel('Tags').fill('gallery');
  await marks.getByRole('button', { name: 'Save' }).click();
  await expect(marks).toBeHidden();
  await expect(row).toContainText('gallery');
  const purgeByTag = page.getByRole('region', { name: 'Purge cached variants' });
  await purgeByTag.getByLabel('Type').click();
  await page.getByRole('option', { name: 'Tag' }).click();
  await purgeByTag.getByLabel('Tag').fill('gallery');
  await purgeByTag.getByRole('button', { name: 'Purge' }).click();
  await page.getByRole('dialog', { name: 'Purge cached variants?' }).getByRole('button', { name: 'Purge' }).click();
  await expect(purgeByTag).toContainText(/Purged \d+ variants of 1 sources \(tag gallery\)/);
  await expect(purgeByTag).toContainText('No CDN provider is set up');
});
