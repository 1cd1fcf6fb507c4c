'use client';
// Cost: the price per instance-hour (Policies tab, or SCALING_PRICE_PER_INSTANCE_HOUR) times the
// instance counts measured over the selected range, against running the range's peak all along.
import Alert from '@mui/material/Alert';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { SectionCard } from '@/components/common/section-card';
import { useSeries } from '@/lib/hooks/use-series';
import { costFigures } from '@/lib/scaling/cost';

const money = (v: number) =>
  v.toLocaleString(undefined, { style: 'currency', currency: 'USD', maximumFractionDigits: 2 });

export function CostPanel({ price, running }: { price: number; running: number }) {
  const { data } = useSeries('fleet_instances', ['state']);
  const series = data?.series.find((s) => s.labels.state === 'running');
  return (
    <SectionCard title="Cost" subheader="Measured instance counts × price per instance-hour (730 hours a month)">
      {price <= 0 ? (
        <Alert severity="info">
          No price is set: enter one under Policies → Limits (or SCALING_PRICE_PER_INSTANCE_HOUR) to see what the fleet
          costs.
        </Alert>
      ) : !series?.total.count ? (
        <Alert severity="info">No instance counts recorded in this range yet.</Alert>
      ) : (
        (() => {
          const c = costFigures(price, running, series.total.avg, series.total.max);
          return (
            <Stack direction="row" spacing={4} sx={{ flexWrap: 'wrap' }}>
              <Figure label="Now, per month" value={money(c.perMonthNow)} />
              <Figure
                label={`At the range's average (${series.total.avg.toFixed(1)} instances)`}
                value={money(c.perMonthAverage)}
              />
              <Figure label={`Static peak (${series.total.max} instances)`} value={money(c.perMonthStaticPeak)} />
              <Figure
                label="Saved against static peak"
                value={`${money(c.savingsPerMonth)}${c.savingsPct === null ? '' : ` (${c.savingsPct.toFixed(0)}%)`}`}
              />
            </Stack>
          );
        })()
      )}
    </SectionCard>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <Typography variant="overline" color="text.secondary">
        {label}
      </Typography>
      <Typography variant="h6">{value}</Typography>
    </div>
  );
}
