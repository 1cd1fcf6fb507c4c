// The proxy benchmark run from the console: a confirmation, live progress, cancel (which stops the
// Redline, fleet and nginx it started), a complete run's figures beside nginx's, and bad input.
import { execFileSync } from 'node:child_process';
import { type APIResponse, expect, type Page, test } from '@playwright/test';
import { SQLITE_URL } from '../credentials';

/** The API as the signed-in page's session: its cookies and CSRF token. */
const api = {
  async send(page: Page, method: 'POST' | 'DELETE', path: string, data?: unknown): Promise<APIResponse> {
    const csrf = (await page.context().cookies()).find((c) => c.name === 'redline_csrf')?.value ?? '';
    return page.request.fetch(path, {
      method,
      data,
      headers: { 'x-csrf-token': decodeURIComponent(csrf), origin: SQLITE_URL },
    });
  },
  get: (page: Page, path: string) => page.request.get(path),
};

/** Processes a benchmark run leaves behind, if any: its nginx, its Redline, its Node pipe, its hey/wrk. */
function leftovers(): string[] {
  try {
    return execFileSync('pgrep', ['-af', 'redline-proxy-bench-|bench/proxy.ts|bench/node-pipe.ts|hey -z|wrk -t2'], {
      encoding: 'utf8',
    })
      .split('\n')
      .filter((l) => l && !l.includes('pgrep'));
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

test.describe.configure({ mode: 'serial' });

test('bad input is refused naming the field, and nothing starts', async ({ page }) => {
  for (const [body, field] of [
    [{ name: 'proxy', seconds: 0 }, /seconds is 1–60/],
    [{ name: 'proxy', seconds: 'ten' }, /seconds is a number/],
    [{ name: 'nginx' }, /name is one of proxy/],
    [{ name: 'proxy', command: 'rm -rf /' }, /command|unrecognized/i],
  ] as const) {
    const res = await api.send(page, 'POST', '/api/benchmarks', body);
    expect(res.status()).toBe(400);
    expect(await res.text()).toMatch(field);
  }
  expect((await api.send(page, 'DELETE', '/api/benchmarks?id=abc')).status()).toBe(400);
  expect((await api.send(page, 'DELETE', '/api/benchmarks?id=999999')).status()).toBe(404);
  const { runs } = (await (await api.get(page, '/api/benchmarks?name=proxy')).json()) as { runs: unknown[] };
  expect(runs).toHaveLength(0);
});

test('a run started from the console shows its progress and cancels cleanly', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/scaling/load-balancer');
  const card = page.getByRole('region', { name: "Benchmark: Redline's proxy vs nginx" });
  await expect(card.getByText('No benchmark yet')).toBeVisible();
  await card.getByLabel('Length').click();
  await page.getByRole('option', { name: /Quick/ }).click();
  await card.getByRole('button', { name: 'Run benchmark' }).click();
  const dialog = page.getByRole('dialog', { name: 'Run the proxy benchmark?' });
  await expect(dialog).toContainText(/loads every core of this machine for about \d+ minutes/);
  await dialog.getByRole('button', { name: 'Run benchmark' }).click();
  await expect(card.getByRole('progressbar', { name: 'Benchmark progress' })).toBeVisible();
  await expect(card.getByRole('button', { name: 'Run benchmark' })).toBeDisabled();
  // One run at a time, whoever asks.
  expect((await api.send(page, 'POST', '/api/benchmarks', { name: 'proxy', seconds: 1 })).status()).toBe(409);
  // Let it get as far as loading (nginx and a fleet running), then cancel.
  await expect(card.getByTestId('bench-stage')).toContainText(/warming|saturating/, { timeout: 90_000 });
  await card.getByRole('button', { name: 'Cancel' }).click();
  const runs = card.getByRole('table', { name: 'Benchmark runs' });
  await expect(runs.getByRole('row').nth(1)).toContainText('cancelled', { timeout: 45_000 });
  expect(leftovers()).toEqual([]);
});

test('a complete run shows Redline’s figures beside nginx’s, against the targets', async ({ page }) => {
  test.setTimeout(180_000);
  const started = await api.send(page, 'POST', '/api/benchmarks', { name: 'proxy', seconds: 1 });
  expect(started.status(), await started.text()).toBe(202);
  await page.goto('/scaling/load-balancer');
  const card = page.getByRole('region', { name: "Benchmark: Redline's proxy vs nginx" });
  const figures = card.getByRole('table', { name: 'Proxy benchmark figures' });
  await expect(figures).toBeVisible({ timeout: 150_000 });
  const sat = figures.getByRole('row').filter({ hasText: 'saturation, best of 2 (hey)' });
  const cells = (await sat.getByRole('cell').allInnerTexts()).map((t) => t.trim());
  // Redline's and nginx's measured requests/s, both real numbers from the same run.
  expect(Number(cells[1]?.replace(/,/g, ''))).toBeGreaterThan(100);
  expect(Number(cells[2]?.replace(/,/g, ''))).toBeGreaterThan(100);
  await expect(sat).toContainText(/(met|not met): [\d.]+× nginx, ≥ 0.6×/);
  const addedRow = figures.getByRole('row').filter({ hasText: 'Added p99' });
  await expect(figures.getByRole('columnheader', { name: 'Node pipe (floor)' })).toBeVisible();
  const added = (await addedRow.getByRole('cell').allInnerTexts()).map((t) => t.trim());
  if (await card.getByText(/5 of 5 half-load rounds were left out/).isVisible()) {
    // A machine so busy that no round compared: no figure is made up, and the card says why.
    for (const i of [1, 2, 3]) expect(added[i]).toBe('—');
    await expect(addedRow).toContainText('not measured');
  } else {
    // Redline's, nginx's and the bare Node pipe's added p99 from the same rounds, against the target.
    for (const i of [1, 2, 3]) expect(added[i]).toMatch(/^-?[\d.,]+$/);
    await expect(addedRow).toContainText(/(met|not met): ≤ 2 ms/);
    // The control: direct measured twice in each round, how far apart its two p99s came out.
    await expect(figures.getByRole('row').filter({ hasText: 'Direct measured twice' })).toContainText(
      /[\d.,]+ \/ [\d.,]+/,
    );
  }
  await expect(card.getByText(/Last complete run: .* by /)).toBeVisible();
  await expect(card.getByRole('table', { name: 'Benchmark runs' }).getByRole('row').nth(1)).toContainText('success');
  expect(leftovers()).toEqual([]);
});
