import { route } from '@/lib/api/route';
import { alertsOverview } from '@/lib/alerts/overview';

// GET /api/performance/alerts – firing and pending alerts, recent events, silences
export const GET = route({ role: 'viewer' }, async () => alertsOverview());
