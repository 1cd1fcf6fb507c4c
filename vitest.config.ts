import path from 'node:path';
import { defineConfig } from 'vitest/config';

// Two projects: `unit` (pure logic beside the code, no services, seconds) and `integration`
// (tests/**: real SQLite files, PostgreSQL and Redis on 127.0.0.1, child processes).
export default defineConfig({
  resolve: { alias: { '@': path.resolve(import.meta.dirname) } },
  test: {
    exclude: ['e2e/**', 'node_modules/**', '.next/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['lib/**/*.test.ts', 'components/**/*.test.ts', 'scripts/**/*.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/**/*.test.ts'],
          // Fails the run at once, with the command that starts them, when PostgreSQL or Redis is down.
          globalSetup: ['tests/helpers/require-services.ts'],
          // Files share one PostgreSQL server and one Redis; each uses its own database and key prefix.
          fileParallelism: true,
        },
      },
    ],
  },
});
