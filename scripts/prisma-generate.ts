// Generates a Prisma client per provider. The CLI would download a native schema engine that is
// not needed for `generate`; pointing it at /bin/false keeps it offline.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { type Provider, ROOT, schemaFor } from './prisma-schemas.ts';

const providers: Provider[] = ['sqlite', 'postgresql'];
for (const provider of providers) {
  const schema = schemaFor(provider);
  execFileSync(path.join(ROOT, 'node_modules/.bin/prisma'), ['generate', '--schema', schema], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: '/bin/false', PRISMA_HIDE_UPDATE_MESSAGE: '1' },
  });
  console.log(`prisma client generated for ${provider}`);
}
