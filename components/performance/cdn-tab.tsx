'use client';
// Performance → CDN: what Redline measures of delivery — signed-URL requests over the range, the
// variant cache, edge purges and the CDN health probes. Each figure says when nothing was measured.
import Grid from '@mui/material/Grid';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { bytes, ms, pct, perSec } from '@/components/common/format';
import { SectionCard } from '@/components/common/section-card';
import { CdnHealthPanel } from '@/components/optimization/cdn-health-panel';
import { EdgeStatus } from '@/components/optimization/edge-status';
import { useCdnPurges } from '@/lib/hooks/use-cdn-purges';
import { useCdnStats } from '@/lib/hooks/use-cdn-stats';

function Figure({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <Grid size={{ xs: 6, md: 3 }}>
      <Typography variant="caption" color="text.secondary">
        {label}
      </Typography>
      <Typography variant="h5" data-testid={testId}>
        {value}
      </Typography>
    </Grid>
  );
}

export function CdnTab() {
  const { data: s } = useCdnStats();
  const edge = useCdnPurges();
  const d = s?.delivery;
  const cache = s?.cache;
  const lookups = cache ? cache.hits + cache.misses : 0;
  return (
    <Stack spacing={2}>
      <SectionCard
        title="Signed delivery (/d/…)"
        subheader={d && d.requests === 0 ? 'No signed-URL requests in this range' : 'Requests over the selected range'}
      >
        <Grid container spacing={2}>
          <Figure testId="cdn-requests" label="Requests" value={d ? String(d.requests) : '—'} />
          <Figure testId="cdn-rate" label="Rate" value={d?.requests ? perSec(d.ratePerSec) : '—'} />
          <Figure testId="cdn-errors" label="Errors" value={d?.errorRate == null ? '—' : pct(d.errorRate * 100)} />
          <Figure
            testId="cdn-latency"
            label="p50 / p95"
            value={d?.p50Ms == null || d.p95Ms == null ? '—' : `${ms(d.p50Ms)} / ${ms(d.p95Ms)}`}
          />
        </Grid>
      </SectionCard>
      <SectionCard title="Variant cache" subheader="Encoded variants kept on disk, this instance, since it started">
        <Grid container spacing={2}>
          <Figure testId="cdn-variants" label="Variants" value={cache ? String(cache.variants) : '—'} />
          <Figure
            testId="cdn-cache-bytes"
            label="Size / limit"
            value={cache ? `${bytes(cache.bytes)} / ${bytes(cache.maxBytes)}` : '—'}
          />
          <Figure
            testId="cdn-hit-ratio"
            label="Hit ratio"
            value={lookups ? pct(((cache?.hits ?? 0) / lookups) * 100) : '—'}
          />
          <Figure
            testId="cdn-edge-purges"
            label="Edge purges (failed)"
            value={s ? `${s.edgePurges.total} (${s.edgePurges.failed})` : '—'}
          />
        </Grid>
        <EdgeStatus edge={edge.data} />
      </SectionCard>
      <CdnHealthPanel />
    </Stack>
  );
}
