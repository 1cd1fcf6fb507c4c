'use client';
// Per-instance CPU over the selected range as a heatmap (D3 scales): one row per instance, one
// cell per step, colour by the step's average CPU (% of one core).
import Box from '@mui/material/Box';
import Skeleton from '@mui/material/Skeleton';
import Typography from '@mui/material/Typography';
import { interpolateYlOrRd, scaleSequential } from 'd3';
import { EmptyState } from '@/components/common/empty-state';
import { useSeries } from '@/lib/hooks/use-series';

const W = 900;
const ROW = 18;
const LEFT = 110;

export function UtilizationHeatmap() {
  const { data, isLoading } = useSeries('fleet_instance_cpu_pct', ['instance']);
  if (isLoading && !data) return <Skeleton variant="rounded" height={120} />;
  const series = (data?.series ?? []).filter((s) => s.points.length);
  if (!series.length)
    return (
      <EmptyState title="No CPU measured in this range">
        Instances report their CPU every 5 s while the fleet runs.
      </EmptyState>
    );
  const times = [...new Set(series.flatMap((s) => s.points.map((p) => p.t)))].sort((a, b) => a - b);
  const t0 = times[0] as number;
  const step = data?.stepMs ?? 60_000;
  const columns = Math.max(1, Math.round(((times.at(-1) as number) - t0) / step) + 1);
  const cw = (W - LEFT) / columns;
  const color = scaleSequential(interpolateYlOrRd).domain([0, 100]);
  return (
    <Box sx={{ overflowX: 'auto' }}>
      <svg width={W} height={series.length * ROW + 20} role="img" aria-label="CPU per instance over time">
        {series.map((s, r) => (
          <g key={s.labels.instance}>
            <text x={0} y={r * ROW + 13} fontSize={11} fill="currentColor">
              {s.labels.instance}
            </text>
            {s.points.map((p) => (
              <rect
                key={p.t}
                x={LEFT + Math.round((p.t - t0) / step) * cw}
                y={r * ROW}
                width={Math.max(1, cw - 0.5)}
                height={ROW - 2}
                fill={color(Math.min(100, p.avg))}
              >
                <title>{`${s.labels.instance} ${new Date(p.t).toLocaleTimeString()}: ${p.avg.toFixed(1)}%`}</title>
              </rect>
            ))}
          </g>
        ))}
      </svg>
      <Typography variant="caption" color="text.secondary">
        Yellow 0% → red 100% of one core; hover a cell for its value.
      </Typography>
    </Box>
  );
}
