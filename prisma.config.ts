// Prisma CLI configuration. The CLI is only used for `generate`; migrations run through
// Prisma's WebAssembly schema engine (scripts/migrate.ts), because its native engine cannot be
// downloaded on the machines Redline is built on.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
});
