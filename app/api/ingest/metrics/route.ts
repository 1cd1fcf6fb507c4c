import { route } from '@/lib/api/route';
import { ApiError } from '@/lib/api/errors';
import { config } from '@/lib/config';
import { ingestBodySchema } from '@/lib/metrics/ingest';
import { ingestMetrics } from '@/lib/metrics/ingest-service';

// POST /api/ingest/metrics – counters, gauges and histograms from other services (API token, operator); answered once stored
export const POST = route(
  {
    role: 'operator',
    rawJson: ingestBodySchema,
    maxBodyBytes: () => config().INGEST_MAX_BODY_BYTES,
    // The data plane: counted as metrics, not audited, and not traced (a span per batch would be
    // more writes than the batch).
    audit: false,
    trace: false,
  },
  async ({ raw, principal }) => {
    if (principal.kind !== 'token')
      throw new ApiError('forbidden', 'Ingestion takes an API token (Authorization: Bearer …)');
    const result = await ingestMetrics(raw as Buffer, principal.name);
    // 200: the accepted points are stored (the answer waits for their transaction); rejected items
    // are listed with their reason.
    return Response.json(result, { status: 200 });
  },
);
