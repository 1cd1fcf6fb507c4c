'use client';
// p50 / p95 / p99 over time (Recharts), with the budget drawn as a reference line.
import { useTheme } from '@mui/material/styles';
import Box from '@mui/material/Box';
import Skeleton from '@mui/material/Skeleton';
import FormControlLabel from '@mui/material/FormControlLabel';
import Switch from '@mui/material/Switch';
import { useState } from 'react';
import {
  Area,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useBand } from '@/lib/hooks/use-band';
import { CsvButton } from '@/components/common/csv-button';
import { EmptyState } from '@/components/common/empty-state';
import { ms } from '@/components/common/format';
import { SectionCard } from '@/components/common/section-card';
import type { SeriesResult } from '@/lib/client/types';

const LINES = [
  { key: 'p50', color: '#43a047' },
  { key: 'p95', color: '#fb8c00' },
  { key: 'p99', color: '#e53935' },
] as const;

export function LatencyChart({
  title,
  result,
  isLoading,
  budgetMs,
  empty,
  testId,
  metric,
}: {
  title: string;
  result: SeriesResult | undefined;
  isLoading: boolean;
  budgetMs?: number;
  empty: string;
  testId: string;
  metric?: string;
}) {
  const theme = useTheme();
  const [showBand, setShowBand] = useState(false);
  const band = useBand(metric ?? '', 'p95', showBand && metric !== undefined);
  const bandAt = new Map((band.data?.points ?? []).map((b) => [b.t, b]));
  const points = result?.series[0]?.points ?? [];
  const data = points.map((p) => {
    const b = bandAt.get(p.t);
    // The expected p95 band: [lower, upper] for Recharts' ranged area.
    return {
      t: p.t,
      p50: p.quantiles?.p50,
      p95: p.quantiles?.p95,
      p99: p.quantiles?.p99,
      count: p.count,
      band: b && b.lower !== null && b.upper !== null ? [Math.max(0, b.lower), b.upper] : undefined,
    };
  });
  const csv = () => data.map((d) => [new Date(d.t).toISOString(), d.count, d.p50, d.p95, d.p99]);
  return (
    <SectionCard
      title={title}
      subheader={showBand && band.data ? `Shaded: expected p95 (${band.data.method} baseline, ±3σ)` : undefined}
      action={
        <>
          {metric ? (
            <FormControlLabel
              control={<Switch size="small" checked={showBand} onChange={() => setShowBand(!showBand)} />}
              label="Expected band"
            />
          ) : null}
          {data.length ? (
            <CsvButton filename={testId} header={['time', 'count', 'p50_ms', 'p95_ms', 'p99_ms']} rows={csv} />
          ) : null}
        </>
      }
    >
      {isLoading && !result ? (
        <Skeleton variant="rounded" height={260} />
      ) : data.length === 0 ? (
        <EmptyState title="No data in this range">{empty}</EmptyState>
      ) : (
        <Box sx={{ height: 260 }} data-testid={testId}>
          <ResponsiveContainer>
            <ComposedChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" stroke={theme.palette.divider} />
              <XAxis
                dataKey="t"
                type="number"
                scale="time"
                domain={[result?.fromMs ?? 'dataMin', result?.toMs ?? 'dataMax']}
                tickFormatter={(t) => new Date(t).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })}
                stroke={theme.palette.text.secondary}
                fontSize={12}
              />
              <YAxis tickFormatter={ms} width={80} stroke={theme.palette.text.secondary} fontSize={12} />
              <Tooltip
                labelFormatter={(t) => new Date(Number(t)).toLocaleString()}
                formatter={(v) => ms(Number(v))}
                contentStyle={{ background: theme.palette.background.paper }}
              />
              <Legend />
              {budgetMs ? (
                <ReferenceLine
                  y={budgetMs}
                  stroke={theme.palette.error.main}
                  strokeDasharray="6 3"
                  label={{
                    value: `budget ${ms(budgetMs)}`,
                    fill: theme.palette.error.main,
                    fontSize: 11,
                    position: 'insideTopRight',
                  }}
                />
              ) : null}
              {showBand ? (
                <Area
                  dataKey="band"
                  name="expected p95"
                  stroke="none"
                  fill={theme.palette.info.main}
                  fillOpacity={0.15}
                  isAnimationActive={false}
                  connectNulls
                />
              ) : null}
              {LINES.map((l) => (
                <Line
                  key={l.key}
                  dataKey={l.key}
                  name={l.key}
                  stroke={l.color}
                  dot={data.length < 30}
                  strokeWidth={2}
                  isAnimationActive={false}
                  connectNulls
                />
              ))}
            </ComposedChart>
          </ResponsiveContainer>
        </Box>
      )}
    </SectionCard>
  );
}
