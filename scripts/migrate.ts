// `npm run db:migrate`: applies the committed migrations to DATABASE_URL (or the SQLite default).
import { existsSync } from 'node:fs';
import { applyMigrations } from '../lib/db/migrate.ts';
import { resolveDatabaseTarget } from '../lib/db/target.ts';

if (existsSync('.env')) process.loadEnvFile('.env');
const target = resolveDatabaseTarget(process.env.DATABASE_URL, process.cwd());
const applied = await applyMigrations(target);
console.log(`${target.label}: ${applied.length ? `applied ${applied.join(', ')}` : 'up to date'}`);
