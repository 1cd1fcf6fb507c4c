import { route } from '@/lib/api/route';
import { listJobs } from '@/lib/scheduler';

// GET /api/jobs – scheduled jobs, their next run and recent runs, and whether this instance leads
export const GET = route({ role: 'viewer' }, async () => listJobs());
