import { z } from 'zod';
import { badRequestOnThrow } from '@/lib/api/errors';
import { route } from '@/lib/api/route';
import { performanceReportPdf } from '@/lib/reports/performance-report';
import { rangeQueryShape, resolveRange } from '@/lib/time-range';

// GET /api/performance/reports – the PDF performance report of the selected range, with its charts
export const GET = route(
  { role: 'viewer', query: z.strictObject(rangeQueryShape), produces: 'application/pdf' },
  async ({ query }) => {
    const { fromMs, toMs } = badRequestOnThrow(() => resolveRange(query));
    const pdf = await performanceReportPdf(fromMs, toMs);
    const stamp = new Date(toMs).toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
    return new Response(new Uint8Array(pdf), {
      headers: {
        'content-type': 'application/pdf',
        'content-disposition': `inline; filename="redline-report-${stamp}.pdf"`,
      },
    });
  },
);
