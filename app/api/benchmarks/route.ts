import { route } from '@/lib/api/route';
import { principalLabel } from '@/lib/auth/principal';
import { benchDeleteQuery, benchGetQuery, benchPostBody } from '@/lib/bench/api-schemas';
import { cancelRun, listRuns, startRun } from '@/lib/bench/runner';
import { missingTools } from '@/lib/bench/tools';

// GET /api/benchmarks?name=proxy – the last runs (progress, figures) and the programs missing to run one (viewer)
export const GET = route({ role: 'viewer', query: benchGetQuery }, async ({ query }) => ({
  runs: await listRuns(query.name),
  missing: missingTools(),
}));

// POST /api/benchmarks {"name":"proxy","seconds":10} – starts a run on this instance: 202 with the run (operator)
export const POST = route(
  { role: 'operator', body: benchPostBody, action: 'bench.start', status: 202 },
  async ({ body, principal }) =>
    Response.json(await startRun(body.name, body.seconds, principalLabel(principal)), { status: 202 }),
);

// DELETE /api/benchmarks?id=3 – cancels a running one; it stops what it started (operator)
export const DELETE = route({ role: 'operator', query: benchDeleteQuery, action: 'bench.cancel' }, async ({ query }) =>
  cancelRun(query.id),
);
