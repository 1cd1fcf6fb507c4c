'use client';
// Predictions: the next 24 h of request rate (Holt-Winters over the recorded hours) with its 95%
// band, the capacity schedule it implies (applicable as scheduled actions in one click), and how
// accurate the kept forecasts turned out.
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import MenuItem from '@mui/material/MenuItem';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { Area, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { EmptyState } from '@/components/common/empty-state';
import { SectionCard } from '@/components/common/section-card';
import { useAction } from '@/components/common/use-action';
import { mutate } from '@/lib/client/fetcher';
import { useForecast } from '@/lib/hooks/use-forecast';
import type { Accuracy } from '@/lib/scaling/forecast';
import type { Season } from '@/lib/scaling/history';

const SEASON_LABELS: Record<Season, string> = {
  '1d': 'a day (hourly)',
  '1h': 'an hour',
  '10m': '10 minutes',
  '2m': '2 minutes (the demo’s compressed day)',
};
const fmtT = (season: Season) => (t: number) =>
  season === '1d'
    ? new Date(t).toLocaleString(undefined, { weekday: 'short', hour: '2-digit' })
    : new Date(t).toLocaleTimeString();

function AccuracyLine({ a, what, testId }: { a: Accuracy; what: string; testId?: string }) {
  if (!a.points) return null;
  return (
    <Typography data-testid={testId}>
      {what} ({a.points} points): error {a.wape === null ? '—' : `${a.wape.toFixed(1)}%`} of the measured volume (WAPE);
      measured value inside the 95% band {a.coverage === null ? '—' : `${a.coverage.toFixed(0)}%`} of the time.
    </Typography>
  );
}

function SeasonPicker({ season }: { season: Season }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  return (
    <TextField
      select
      size="small"
      label="Season"
      value={season}
      onChange={(e) => {
        const next = new URLSearchParams(params.toString());
        next.set('season', e.target.value);
        router.replace(`${pathname}?${next}`, { scroll: false });
      }}
      sx={{ width: 320 }}
    >
      {(Object.keys(SEASON_LABELS) as Season[]).map((k) => (
        <MenuItem key={k} value={k}>
          {SEASON_LABELS[k]}
        </MenuItem>
      ))}
    </TextField>
  );
}

export function PredictionsTab() {
  const params = useSearchParams();
  const season = (
    (Object.keys(SEASON_LABELS) as string[]).includes(params.get('season') ?? '') ? params.get('season') : '1d'
  ) as Season;
  const { data, isLoading, mutate: reload } = useForecast(season);
  const act = useAction(reload);
  if (isLoading && !data) return <LinearProgress aria-label="Loading the forecast" />;
  if (!data) return null;
  if (data.status === 'insufficient') {
    return (
      <Stack spacing={2}>
        <SeasonPicker season={season} />
        <EmptyState title="Not enough history to forecast yet">
          A forecast over a season of {SEASON_LABELS[season]} needs {data.needSteps} consecutive steps of traffic
          through the proxy (two seasons); {data.haveSteps} recorded so far. Nothing is extrapolated from less.
        </EmptyState>
        <AccuracyLine a={data.accuracy} what="Kept hourly forecasts against what happened" testId="forecast-accuracy" />
      </Stack>
    );
  }
  const rows = [
    ...data.history.map((h) => ({ t: h.t, actual: h.v })),
    ...data.points.map((p) => ({ t: p.t, forecast: p.value, band: [p.lower, p.upper] as [number, number] })),
  ];
  const apply = () =>
    act(
      () =>
        mutate('PUT', '/api/performance/scaling', {
          schedules: data.schedule.map((s, i) => ({
            id: `forecast-${i + 1}`,
            cron: `0 0 ${s.fromHour} * * *`,
            minInstances: s.instances,
            durationMs: ((s.toHour - s.fromHour + 24) % 24 || 24) * 3_600_000,
          })),
        }),
      'Schedules applied',
    );
  return (
    <Stack spacing={2}>
      <SeasonPicker season={season} />
      <SectionCard
        title="Request rate: the last three seasons and the next one"
        subheader={`Holt-Winters (season: ${SEASON_LABELS[season]}) fitted to ${data.historySteps} steps of ${Math.round(data.stepMs / 1000)} s; band: 95%, from the one-step error (${data.rmse.toFixed(1)} req/s)`}
      >
        <div style={{ width: '100%', height: 300 }} data-testid="forecast-chart">
          <ResponsiveContainer>
            <ComposedChart data={rows}>
              <CartesianGrid strokeDasharray="3 3" opacity={0.3} />
              <XAxis
                dataKey="t"
                type="number"
                scale="time"
                domain={['dataMin', 'dataMax']}
                tickFormatter={fmtT(season)}
              />
              <YAxis />
              <Tooltip labelFormatter={(t) => new Date(Number(t)).toLocaleString()} />
              <Legend />
              <Area dataKey="band" name="95% band" stroke="none" fill="#1e88e5" fillOpacity={0.2} />
              <Line dataKey="actual" name="measured" stroke="#43a047" dot={false} />
              <Line dataKey="forecast" name="forecast" stroke="#1e88e5" strokeDasharray="5 3" dot={false} />
            </ComposedChart>
          </ResponsiveContainer>
        </div>
      </SectionCard>
      <SectionCard
        title="Recommended capacity"
        subheader={
          data.perInstance
            ? `${data.perInstance.toFixed(0)} req/s per instance (${data.perInstanceSource}), against the band's upper edge`
            : data.perInstanceSource
        }
        action={data.schedule.length ? <Button onClick={() => void apply()}>Apply as schedules</Button> : undefined}
      >
        {data.schedule.length ? (
          <Table size="small" aria-label="Recommended schedule">
            <TableHead>
              <TableRow>
                <TableCell>From (UTC)</TableCell>
                <TableCell>Until (UTC)</TableCell>
                <TableCell align="right">Instances</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {data.schedule.map((s) => (
                <TableRow key={`${s.fromHour}-${s.toHour}`}>
                  <TableCell>{String(s.fromHour).padStart(2, '0')}:00</TableCell>
                  <TableCell>{String(s.toHour).padStart(2, '0')}:00</TableCell>
                  <TableCell align="right">{s.instances}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        ) : (
          <Alert severity="info">
            {season !== '1d'
              ? 'Schedules are clock hours: choose the daily season for a recommended schedule.'
              : 'Add a request-rate or CPU target policy to turn the forecast into instance counts.'}
          </Alert>
        )}
      </SectionCard>
      <SectionCard title="Forecast accuracy">
        <AccuracyLine a={data.accuracy} what="Kept hourly forecasts against what happened" testId="forecast-accuracy" />
        {data.holdout ? (
          <AccuracyLine
            a={data.holdout}
            what="The last recorded season, forecast from the seasons before it"
            testId="forecast-holdout"
          />
        ) : (
          <Typography color="text.secondary">A hold-out check needs three recorded seasons.</Typography>
        )}
      </SectionCard>
    </Stack>
  );
}
