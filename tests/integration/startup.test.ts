// Start-up refuses bad configuration with a message naming the variable, before serving anything.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

describe('npm start with bad configuration', () => {
  it.each([
    ['IMAGE_OPTIMIZATION_QUALITY_WEBP', 'lots', 'expected an integer from 1 to 100'],
    ['LOAD_BALANCER_ALGORITHM', 'fastest', 'expected one of'],
    ['DATABASE_URL', 'mysql://db/x', 'DATABASE_URL'],
  ])('%s=%s stops start-up', (name, value, message) => {
    const r = spawnSync(path.join(root, 'node_modules/.bin/tsx'), ['server.ts'], {
      cwd: root,
      env: { ...process.env, [name]: value, PORT: '3999' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('Invalid configuration');
    expect(r.stderr).toContain(name);
    expect(r.stderr).toContain(message);
  });
});

describe('npm start on a SQLite file another Redline holds', () => {
  it('says which process holds it and how to run several instances, at once', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'redline-lock-'));
    const db = path.join(dir, 'redline.db');
    // This test's own process stands in for the running Redline.
    writeFileSync(`${db}.lock`, JSON.stringify({ pid: process.pid, host: os.hostname(), since: 'earlier' }));
    try {
      const t0 = Date.now();
      const r = spawnSync(path.join(root, 'node_modules/.bin/tsx'), ['server.ts'], {
        cwd: root,
        env: { ...process.env, DATABASE_URL: `file:${db}`, PORT: '3999' },
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`in use by another Redline (pid ${process.pid}`);
      expect(r.stderr).toContain('PostgreSQL');
      expect(Date.now() - t0).toBeLessThan(15_000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('takes over a lock its holder left behind (a crash)', async () => {
    const { lockSqliteFile } = await import('@/lib/db/instance-lock');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'redline-lock-'));
    const db = path.join(dir, 'redline.db');
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(`${db}.lock`, JSON.stringify({ pid: Number(gone.stdout), host: os.hostname(), since: 'earlier' }));
    try {
      lockSqliteFile(db);
      expect(JSON.parse(readFileSync(`${db}.lock`, 'utf8')).pid).toBe(process.pid);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
