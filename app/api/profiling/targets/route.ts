import { route } from '@/lib/api/route';
import { listTargets } from '@/lib/profiling/targets';

// GET /api/profiling/targets – what can be profiled (Redline, its proxy thread, Node instances), and why not where not
export const GET = route({ role: 'viewer' }, async () => ({ data: await listTargets() }));
