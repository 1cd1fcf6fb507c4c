import { route } from '@/lib/api/route';
import { idParams } from '@/lib/auth/schemas';
import { scrapeNow } from '@/lib/scrape/targets';

// POST /api/scrape/targets/[id]/scrape – scrapes a target now and reports the outcome (operator)
export const POST = route({ role: 'operator', params: idParams, action: 'scrape.target.scrape' }, async ({ params }) =>
  scrapeNow(params.id),
);
