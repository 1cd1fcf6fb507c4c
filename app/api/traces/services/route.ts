import { route } from '@/lib/api/route';
import { servicesAndOperations } from '@/lib/tracing/store';

// GET /api/traces/services – the services that sent spans and the operations seen in each
export const GET = route({ role: 'viewer' }, async () => ({ services: await servicesAndOperations() }));
