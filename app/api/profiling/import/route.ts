import { readRawBody } from '@/lib/api/body';
import { route } from '@/lib/api/route';
import { principalLabel } from '@/lib/auth/principal';
import { config } from '@/lib/config';
import { importProfile, importQuery } from '@/lib/profiling/service';

// POST /api/profiling/import?name= – stores a .cpuprofile, speedscope, pprof or folded-stacks upload (raw body, gzip allowed; operator)
export const POST = route(
  {
    role: 'operator',
    query: importQuery,
    action: 'profiling.import',
    consumes: 'application/octet-stream',
    status: 201,
  },
  async ({ req, query, principal }) =>
    Response.json(
      await importProfile(
        await readRawBody(req, config().PROFILE_IMPORT_MAX_BYTES),
        query.name,
        principalLabel(principal),
      ),
      {
        status: 201,
      },
    ),
);
