// Start-up refuses bad configuration with a message naming the variable, before serving anything.
import { spawnSync } from 'node:child_process';
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
