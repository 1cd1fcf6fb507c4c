// Where the data lives: DATABASE_URL unset → a SQLite file under ./data (the embedded default).
import path from 'node:path';

export type DatabaseTarget =
  | { provider: 'sqlite'; file: string; label: string }
  | { provider: 'postgresql'; url: string; label: string };

export const DEFAULT_SQLITE_FILE = 'data/redline.db';

/** Pure: resolves the target from the DATABASE_URL value; throws on a scheme it cannot serve. */
export function resolveDatabaseTarget(databaseUrl: string | undefined, cwd: string): DatabaseTarget {
  const raw = databaseUrl?.trim();
  if (!raw) {
    return { provider: 'sqlite', file: path.resolve(cwd, DEFAULT_SQLITE_FILE), label: `sqlite:${DEFAULT_SQLITE_FILE}` };
  }
  if (raw.startsWith('file:')) {
    const rel = raw.slice('file:'.length);
    if (!rel) throw new Error('DATABASE_URL "file:" needs a path, e.g. file:./data/redline.db');
    return { provider: 'sqlite', file: path.resolve(cwd, rel), label: `sqlite:${rel}` };
  }
  if (raw.startsWith('postgres://') || raw.startsWith('postgresql://')) {
    const u = new URL(raw);
    return { provider: 'postgresql', url: raw, label: `postgresql://${u.host}${u.pathname}` };
  }
  throw new Error('DATABASE_URL must be postgresql://… or file:… (or unset for the embedded SQLite file)');
}
