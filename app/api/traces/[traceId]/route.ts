import { ApiError } from '@/lib/api/errors';
import { route } from '@/lib/api/route';
import { toOtlpJson } from '@/lib/tracing/export';
import { summarize } from '@/lib/tracing/model';
import { repeatedCalls } from '@/lib/tracing/patterns';
import { traceDownloadQuery, traceIdParams } from '@/lib/tracing/query';
import { traceLogs } from '@/lib/tracing/log-store';
import { getTrace } from '@/lib/tracing/store';

// GET /api/traces/{traceId}?format=json|otlp – one trace's spans with its summary, repeated calls (N+1) and log records, or the trace as an OTLP/JSON download
export const GET = route(
  { role: 'viewer', params: traceIdParams, query: traceDownloadQuery },
  async ({ params, query }) => {
    const spans = await getTrace(params.traceId);
    if (!spans.length) throw new ApiError('not_found', `No trace ${params.traceId} is stored`);
    if (query.format === 'otlp')
      return new Response(JSON.stringify(toOtlpJson(spans)), {
        headers: {
          'content-type': 'application/json',
          'content-disposition': `attachment; filename="trace-${params.traceId}.otlp.json"`,
        },
      });
    const { logs, truncated } = await traceLogs(params.traceId);
    return {
      summary: summarize(params.traceId, spans),
      spans,
      patterns: repeatedCalls(spans),
      logs,
      logsTruncated: truncated,
    };
  },
);
