'use client';
// A Recharts line chart of one metric's series over the selected range; says so when empty.
import Box from '@mui/material/Box';
import Skeleton from '@mui/material/Skeleton';
import { useTheme } from '@mui/material/styles';
import type { ReactNode } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { EmptyState } from '@/components/common/empty-state';
import type { SeriesPoint, SeriesResult } from '@/lib/client/types';
import { niceAxis } from './ticks';

type Field = keyof Pick<SeriesPoint, 'avg' | 'max' | 'min' | 'rate' | 'count' | 'sum'>;
const COLORS = ['#e53935', '#1e88e5', '#43a047', '#fb8c00', '#8e24aa', '#00acc1', '#6d4c41', '#c0ca33'];

export interface TimeSeriesChartProps {
  result: SeriesResult | undefined;
  isLoading: boolean;
  fields: { field: Field; label: string }[];
  format?: (v: number) => string;
  empty: ReactNode;
  height?: number;
  testId?: string;
  maxSeries?: number;
  /** counts get whole-number ticks, byte sizes round ticks in one binary unit (ticks.ts) */
  valueKind?: 'count' | 'bytes';
}

function seriesName(labels: Record<string, string>): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
  return parts.length ? parts.join(' ') : 'all';
}

export function TimeSeriesChart({
  result,
  isLoading,
  fields,
  format = (v) => v.toFixed(1),
  empty,
  height = 260,
  testId,
  maxSeries = 6,
  valueKind,
}: TimeSeriesChartProps) {
  const theme = useTheme();
  if (isLoading && !result) return <Skeleton variant="rounded" height={height} />;
  const series = (result?.series ?? []).sort((a, b) => b.total.count - a.total.count).slice(0, maxSeries);
  if (!result || series.length === 0) return <EmptyState title="No data in this range">{empty}</EmptyState>;
  const rows = new Map<number, Record<string, number>>();
  const lines: { key: string; name: string }[] = [];
  series.forEach((s, i) => {
    for (const f of fields) {
      const key = `s${i}_${f.field}`;
      lines.push({
        key,
        name:
          fields.length > 1 || series.length === 1
            ? `${f.label}${series.length > 1 ? ` ${seriesName(s.labels)}` : ''}`
            : seriesName(s.labels),
      });
      for (const p of s.points) {
        const row = rows.get(p.t) ?? { t: p.t };
        row[key] = p[f.field];
        rows.set(p.t, row);
      }
    }
  });
  const data = [...rows.values()].sort((a, b) => (a.t ?? 0) - (b.t ?? 0));
  const values = data.flatMap((r) => lines.map((l) => r[l.key]).filter((v): v is number => Number.isFinite(v)));
  const axis = valueKind ? niceAxis(Math.min(...values), Math.max(...values), valueKind) : undefined;
  const span = result.toMs - result.fromMs;
  const tick = (t: number) =>
    new Date(t).toLocaleString(
      undefined,
      span > 2 * 86_400_000
        ? { month: 'short', day: 'numeric', hour: '2-digit' }
        : { hour: '2-digit', minute: '2-digit' },
    );
  return (
    <Box data-testid={testId} sx={{ width: '100%', height }}>
      <ResponsiveContainer>
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke={theme.palette.divider} />
          <XAxis
            dataKey="t"
            type="number"
            domain={[result.fromMs, result.toMs]}
            scale="time"
            tickFormatter={tick}
            stroke={theme.palette.text.secondary}
            fontSize={12}
          />
          <YAxis
            tickFormatter={axis?.format ?? format}
            {...(axis ? { ticks: axis.ticks, domain: axis.domain, allowDecimals: valueKind !== 'count' } : {})}
            stroke={theme.palette.text.secondary}
            fontSize={12}
            width={80}
          />
          <Tooltip
            labelFormatter={(t) => new Date(Number(t)).toLocaleString()}
            formatter={(v) => format(Number(v))}
            contentStyle={{ background: theme.palette.background.paper, border: `1px solid ${theme.palette.divider}` }}
          />
          <Legend />
          {lines.map((l, i) => (
            <Line
              key={l.key}
              dataKey={l.key}
              name={l.name}
              stroke={COLORS[i % COLORS.length]}
              dot={data.length < 30}
              strokeWidth={2}
              isAnimationActive={false}
              connectNulls
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </Box>
  );
}
