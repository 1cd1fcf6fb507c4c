import { z } from 'zod';
import { ApiError } from '@/lib/api/errors';
import { route } from '@/lib/api/route';
import { hasRole } from '@/lib/auth/roles';
import { writeAudit } from '@/lib/audit/service';
import { FORMATS } from '@/lib/profiling/formats';
import { downloadProfile } from '@/lib/profiling/service';
import { getProfileRow } from '@/lib/profiling/store';

const params = z.strictObject({ id: z.uuid('a profile id') });
const query = z.strictObject({ format: z.enum(FORMATS).default('cpuprofile') });

// GET /api/profiling/profiles/[id]/download?format=cpuprofile|speedscope|pprof|folded – the profile as a file (heap snapshots: admin, audited)
export const GET = route(
  { role: 'viewer', params, query, produces: 'application/octet-stream' },
  async ({ params: p, query: q, principal, req, ip }) => {
    const row = await getProfileRow(p.id);
    if (row?.kind === 'heap-snapshot') {
      if (!hasRole(principal.role, 'admin')) throw new ApiError('forbidden', 'Heap snapshots need the admin role');
      await writeAudit({
        principal,
        action: 'profiling.snapshot.download',
        method: 'GET',
        path: req.nextUrl.pathname,
        sourceIp: ip,
        params: { id: p.id },
        status: 200,
      });
    }
    return downloadProfile(p.id, q.format);
  },
);
