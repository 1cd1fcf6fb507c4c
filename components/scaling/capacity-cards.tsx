'use client';
// Capacity at a glance: instances running, wanted and allowed; what the proxy measures now.
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Grid from '@mui/material/Grid';
import Typography from '@mui/material/Typography';
import { ms, perSec } from '@/components/common/format';
import type { useFleetStats } from '@/lib/hooks/use-fleet';
import type { ScalingState } from '@/lib/hooks/use-scaling';

type Stats = NonNullable<ReturnType<typeof useFleetStats>['data']>;

export function CapacityCards({ stats, scaling }: { stats: Stats | undefined; scaling: ScalingState | undefined }) {
  const running = stats?.instances.filter((i) => i.state === 'running').length;
  const cards: [string, string, string?][] = [
    ['Running', running === undefined ? '—' : String(running), 'instances answering their health check'],
    ['Desired', stats ? String(stats.desired) : '—', 'what the fleet is asked to run'],
    ['Min / max', scaling ? `${scaling.min} / ${scaling.max}` : '—'],
    ['Healthy backends', stats ? `${stats.totals.healthy} / ${stats.backends.length}` : '—'],
    ['Requests', stats ? perSec(stats.totals.rps) : '—', 'through the proxy, last 10 s'],
    ['p95 latency', stats?.totals.p95 != null ? ms(stats.totals.p95) : '—', 'through the proxy, last 1–2 min'],
  ];
  return (
    <Grid container spacing={2}>
      {cards.map(([title, value, hint]) => (
        <Grid key={title} size={{ xs: 6, md: 2 }}>
          <Card variant="outlined">
            <CardContent>
              <Typography variant="overline" color="text.secondary">
                {title}
              </Typography>
              <Typography variant="h5" data-testid={`capacity-${title.toLowerCase().replace(/[^a-z]+/g, '-')}`}>
                {value}
              </Typography>
              {hint && (
                <Typography variant="caption" color="text.secondary">
                  {hint}
                </Typography>
              )}
            </CardContent>
          </Card>
        </Grid>
      ))}
    </Grid>
  );
}
