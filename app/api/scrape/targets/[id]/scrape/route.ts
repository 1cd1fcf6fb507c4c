import { route } from '@/lib/api/route';
import { idParams } from '@/lib/auth/schemas';
import { db } from '@/lib/db';
import { scrapeTarget } from '@/lib/scrape/service';

// POST /api/scrape/targets/[id]/scrape – scrapes a target now and reports the outcome (operator)
export const POST = route(
  { role: 'operator', params: idParams, action: 'scrape.target.scrape' },
  async ({ params }) => {
    const target = await db().scrapeTarget.findUniqueOrThrow({ where: { id: params.id } });
    return scrapeTarget(target);
  },
);
