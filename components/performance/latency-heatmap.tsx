'use client';
// Latency distribution over time (D3): time steps across, log-spaced latency rows up, colour
// by how many requests fell in each cell (heat-scale.ts: visible on both themes, empty cells empty).
import Box from '@mui/material/Box';
import Skeleton from '@mui/material/Skeleton';
import { useTheme } from '@mui/material/styles';
import { CsvButton } from '@/components/common/csv-button';
import { EmptyState } from '@/components/common/empty-state';
import { ms } from '@/components/common/format';
import { SectionCard } from '@/components/common/section-card';
import { useHeatmap } from '@/lib/hooks/use-performance';
import { heatColor } from './heat-scale';

const W = 800;
const H = 220;
const LEFT = 70;
const BOTTOM = 20;

export function LatencyHeatmap({ metric, title }: { metric: string; title: string }) {
  const theme = useTheme();
  const { data, isLoading } = useHeatmap(metric);
  const steps = data ? Math.max(1, Math.ceil((data.toMs - data.fromMs) / data.stepMs)) : 1;
  const rows = data?.rows.length ?? 0;
  const color = heatColor(data?.maxCount ?? 2, theme.palette.mode);
  const cw = (W - LEFT) / steps;
  const ch = rows ? (H - BOTTOM) / rows : 0;
  return (
    <SectionCard
      title={title}
      action={
        data?.cells.length ? (
          <CsvButton
            filename={`${metric}-heatmap`}
            header={['time', 'from_ms', 'count']}
            rows={() => data.cells.map((c) => [new Date(c.t).toISOString(), data.rows[c.row], c.count])}
          />
        ) : undefined
      }
    >
      {isLoading && !data ? (
        <Skeleton variant="rounded" height={H} />
      ) : !data || data.cells.length === 0 ? (
        <EmptyState title="No latency distribution in this range">
          The heatmap is drawn from histogram metrics such as request durations.
        </EmptyState>
      ) : (
        <Box data-testid={`heatmap-${metric}`}>
          <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={`${title}: ${data.cells.length} cells`}>
            {data.rows.map((edge, i) => (
              <text
                key={edge}
                x={LEFT - 6}
                y={H - BOTTOM - i * ch - ch / 2 + 4}
                textAnchor="end"
                fontSize={10}
                fill={theme.palette.text.secondary}
              >
                {ms(edge)}
              </text>
            ))}
            {data.cells.map((c) => {
              const fill = color(c.count);
              return fill === null ? null : (
                <rect
                  key={`${c.t}:${c.row}`}
                  x={LEFT + ((c.t - data.fromMs) / data.stepMs) * cw}
                  y={H - BOTTOM - (c.row + 1) * ch}
                  width={Math.max(1, cw - 1)}
                  height={Math.max(1, ch - 1)}
                  fill={fill}
                >
                  <title>{`${new Date(c.t).toLocaleTimeString()} · ≥ ${ms(data.rows[c.row] ?? 0)} · ${c.count} requests`}</title>
                </rect>
              );
            })}
            <text x={LEFT} y={H - 4} fontSize={10} fill={theme.palette.text.secondary}>
              {new Date(data.fromMs).toLocaleString()}
            </text>
            <text x={W} y={H - 4} fontSize={10} textAnchor="end" fill={theme.palette.text.secondary}>
              {new Date(data.toMs).toLocaleString()}
            </text>
          </svg>
        </Box>
      )}
    </SectionCard>
  );
}
