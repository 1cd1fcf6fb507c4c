import { route } from '@/lib/api/route';
import { listAssets } from '@/lib/images/inventory';

// GET /api/optimization/assets – the image inventory with measured bytes, dimensions and variants
export const GET = route({ role: 'viewer' }, async () => listAssets());
