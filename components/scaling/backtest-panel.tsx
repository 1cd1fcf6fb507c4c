'use client';
// "Test against history": the policies being edited, replayed over a recorded range – the
// instances they would have run, the saturated minutes and the cost, beside what was recorded.
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { mutate } from '@/lib/client/fetcher';
import type { BacktestResult } from '@/lib/scaling/backtest';
import type { Policy } from '@/lib/scaling/policy';

export function BacktestPanel({ policies }: { policies: Policy[] }) {
  const [range, setRange] = useState('24h');
  const [slo, setSlo] = useState('90');
  const [result, setResult] = useState<BacktestResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  async function run() {
    setRunning(true);
    try {
      setResult(
        await mutate<BacktestResult>('POST', '/api/performance/scaling/backtest', {
          config: { policies },
          range,
          sloCpuPct: Number(slo),
        }),
      );
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setRunning(false);
    }
  }
  return (
    <Stack spacing={1.5}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
        <TextField
          select
          size="small"
          label="Recorded range"
          value={range}
          onChange={(e) => setRange(e.target.value)}
          sx={{ width: 160 }}
        >
          {['1h', '6h', '24h', '7d'].map((r) => (
            <MenuItem key={r} value={r}>
              last {r}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          size="small"
          type="number"
          label="Saturated at CPU (%)"
          value={slo}
          onChange={(e) => setSlo(e.target.value)}
          sx={{ width: 170 }}
        />
        <Button variant="outlined" disabled={running} onClick={() => void run()}>
          {running ? 'Replaying…' : 'Test against history'}
        </Button>
      </Stack>
      {error && <Alert severity="error">{error}</Alert>}
      {result &&
        (result.minutes === 0 ? (
          <Alert severity="info">
            Nothing was recorded in this range: the fleet records its minutes while it runs.
          </Alert>
        ) : (
          <>
            <Typography data-testid="backtest-summary">
              Over {result.minutes} recorded minutes these policies would have run{' '}
              {result.simulated.instanceHours.toFixed(1)} instance-hours (recorded:{' '}
              {result.recorded.instanceHours.toFixed(1)}) with {result.simulated.violationMinutes} saturated minutes
              (recorded: {result.recorded.violationMinutes}) and {result.simulated.actions} scaling actions
              {result.simulated.cost > 0
                ? `, costing $${result.simulated.cost.toFixed(2)} (recorded: $${result.recorded.cost.toFixed(2)})`
                : ''}
              . A minute is saturated when CPU per instance reaches {result.sloCpuPct}% of a core.
            </Typography>
            <div style={{ width: '100%', height: 220 }}>
              <ResponsiveContainer>
                <LineChart data={result.points}>
                  <CartesianGrid strokeDasharray="3 3" opacity={0.3} />
                  <XAxis
                    dataKey="t"
                    type="number"
                    scale="time"
                    domain={['dataMin', 'dataMax']}
                    tickFormatter={(t: number) => new Date(t).toLocaleTimeString()}
                  />
                  <YAxis allowDecimals={false} />
                  <Tooltip labelFormatter={(t) => new Date(Number(t)).toLocaleString()} />
                  <Legend />
                  <Line dataKey="recorded" name="recorded instances" stroke="#9e9e9e" dot={false} type="stepAfter" />
                  <Line dataKey="simulated" name="with these policies" stroke="#e53935" dot={false} type="stepAfter" />
                </LineChart>
              </ResponsiveContainer>
            </div>
          </>
        ))}
    </Stack>
  );
}
