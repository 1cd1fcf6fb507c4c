'use client';
// Live mode: request rate and p95 as the instances store them, pushed over SSE.
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import { useTheme } from '@mui/material/styles';
import { Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { EmptyState } from '@/components/common/empty-state';
import { ms } from '@/components/common/format';
import { SectionCard } from '@/components/common/section-card';
import { useLiveMetrics } from '@/lib/hooks/use-live-metrics';

const METRIC = 'http_server_request_duration_ms';

export function LivePanel() {
  const theme = useTheme();
  const { points, connected } = useLiveMetrics([METRIC], true);
  const data = (points[METRIC] ?? []).map((p) => ({ t: p.t, requests: p.count, p95: p.p95 }));
  return (
    <SectionCard
      title="Live"
      action={
        <Chip
          size="small"
          color={connected ? 'success' : 'default'}
          label={connected ? 'streaming' : 'connecting…'}
          data-testid="live-status"
        />
      }
    >
      {data.length === 0 ? (
        <EmptyState title="Waiting for requests">
          Points appear here within a second of being stored, from every instance.
        </EmptyState>
      ) : (
        <Box sx={{ height: 200 }} data-testid="live-chart">
          <ResponsiveContainer>
            <LineChart data={data}>
              <XAxis
                dataKey="t"
                type="number"
                domain={['dataMin', 'dataMax']}
                tickFormatter={(t) => new Date(t).toLocaleTimeString()}
                fontSize={11}
                stroke={theme.palette.text.secondary}
              />
              <YAxis yAxisId="n" fontSize={11} stroke={theme.palette.text.secondary} />
              <YAxis
                yAxisId="ms"
                orientation="right"
                tickFormatter={ms}
                fontSize={11}
                stroke={theme.palette.text.secondary}
              />
              <Tooltip
                labelFormatter={(t) => new Date(Number(t)).toLocaleTimeString()}
                contentStyle={{ background: theme.palette.background.paper }}
              />
              <Line yAxisId="n" dataKey="requests" stroke="#1e88e5" dot={false} isAnimationActive={false} />
              <Line yAxisId="ms" dataKey="p95" stroke="#e53935" dot={false} isAnimationActive={false} />
            </LineChart>
          </ResponsiveContainer>
        </Box>
      )}
    </SectionCard>
  );
}
