// vitest globalSetup of the integration project: PostgreSQL and Redis must answer before any test runs.
import { PG_ADMIN_URL, REDIS_URL } from './databases';
import { explain, INTEGRATION_TOOLS, missingServices, missingTools } from './requirements';

export default async function requireServices(): Promise<void> {
  const missing = [...(await missingServices(PG_ADMIN_URL, REDIS_URL)), ...missingTools(INTEGRATION_TOOLS)];
  if (missing.length) throw new Error(explain('integration suite', missing));
}
