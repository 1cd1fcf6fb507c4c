'use client';
// Profiling → Overview: the bottlenecks of the selected range, each with its evidence — slowest
// routes with the functions hottest while they ran, event-loop stalls with their stacks, GC
// pressure, heap growth, and statements repeated within one request (N+1), Redline's own and in the
// traces services send.
import { describeGrowth } from '@/lib/profiling/growth';
import Alert from '@mui/material/Alert';
import Chip from '@mui/material/Chip';
import Grid from '@mui/material/Grid';
import Link from '@mui/material/Link';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { CsvButton } from '@/components/common/csv-button';
import { EmptyState } from '@/components/common/empty-state';
import { when } from '@/components/common/format';
import { SectionCard } from '@/components/common/section-card';
import { useBottlenecks } from '@/lib/hooks/use-profiling';
import { TraceRepeatsCard } from './trace-repeats-card';

const ms = (v: number | null | undefined) => (v == null ? '—' : `${v.toFixed(v < 10 ? 1 : 0)} ms`);
const fns = (xs: { name: string; selfPct: number }[]) =>
  xs.length ? xs.map((f) => `${f.name} ${f.selfPct}%`).join(', ') : 'no samples labelled with it';

export function OverviewTab() {
  const { data: b, isLoading } = useBottlenecks();
  if (isLoading && !b) return <Skeleton variant="rounded" height={320} />;
  if (!b) return null;
  return (
    <Stack spacing={2}>
      <Typography variant="body2" color="text.secondary" data-testid="overview-coverage">
        From {b.continuousMinutes} minutes of Redline's continuous profile and its metrics over the selected range.
      </Typography>
      {b.heap.growing && (
        <Alert severity="warning">
          {describeGrowth(b.heap.growth, 'Redline')}{' '}
          <Link href="/profiling/memory">Look for the leak on the Memory tab</Link>.
        </Alert>
      )}
      <SectionCard
        title="Slowest routes"
        subheader="p95 over the range; hottest functions from samples taken while only that route ran"
      >
        {b.slowest.length === 0 ? (
          <EmptyState title="No requests in this range">Routes appear once Redline has served requests.</EmptyState>
        ) : (
          <Table size="small" data-testid="slowest-routes">
            <TableHead>
              <TableRow>
                <TableCell>Route</TableCell>
                <TableCell align="right">Requests</TableCell>
                <TableCell align="right">p95</TableCell>
                <TableCell align="right">p99</TableCell>
                <TableCell>Hottest functions while it ran</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {b.slowest.map((r) => (
                <TableRow key={r.route}>
                  <TableCell sx={{ fontFamily: 'monospace' }}>{r.route}</TableCell>
                  <TableCell align="right">{r.count}</TableCell>
                  <TableCell align="right">{ms(r.p95Ms)}</TableCell>
                  <TableCell align="right">{ms(r.p99Ms)}</TableCell>
                  <TableCell sx={{ fontFamily: 'monospace', fontSize: 12 }}>{fns(r.hottest)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </SectionCard>
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, md: 6 }}>
          <SectionCard
            title="Event-loop stalls"
            subheader="Minutes whose event-loop delay p99 passed 100 ms, with that minute's stacks"
          >
            {b.stalls.length === 0 ? (
              <Typography variant="body2" color="text.secondary" data-testid="no-stalls">
                None in this range.
              </Typography>
            ) : (
              b.stalls.map((s) => (
                <Typography key={s.at} variant="body2" sx={{ mb: 1 }}>
                  {when(s.at)}: {ms(s.delayMs)} — <span style={{ fontFamily: 'monospace' }}>{fns(s.hottest)}</span>
                </Typography>
              ))
            )}
          </SectionCard>
        </Grid>
        <Grid size={{ xs: 12, md: 6 }}>
          <SectionCard title="GC pressure" subheader="Redline's main thread">
            <Typography variant="h5" data-testid="gc-share">
              {b.gc.sharePct.toFixed(2)}% of the time in GC
            </Typography>
            {b.gc.kinds.map((k) => (
              <Typography key={k.kind} variant="body2">
                {k.kind}: {k.count} pauses, p50 {ms(k.p50Ms)}, p99 {ms(k.p99Ms)}
              </Typography>
            ))}
          </SectionCard>
        </Grid>
      </Grid>
      <SectionCard
        title="Statements repeated within one of Redline's requests (N+1)"
        subheader="The same statement five times or more in one request or job; overlapping ones ran concurrently (Promise.all)"
        action={
          <CsvButton
            filename="query-repeats"
            header={['route', 'statement', 'requests', 'most in one', 'concurrent', 'total ms', 'last seen']}
            rows={() =>
              b.repeats.map((r) => [
                r.route,
                r.sql,
                r.occurrences,
                r.maxRepeats,
                r.concurrent ? 'yes' : 'no',
                r.totalMs,
                r.lastSeen,
              ])
            }
          />
        }
      >
        {b.repeats.length === 0 ? (
          <Typography variant="body2" color="text.secondary" data-testid="no-repeats">
            None in this range.
          </Typography>
        ) : (
          <Table size="small" data-testid="query-repeats">
            <TableHead>
              <TableRow>
                <TableCell>Route</TableCell>
                <TableCell>Statement</TableCell>
                <TableCell align="right">Most in one request</TableCell>
                <TableCell align="right">Requests</TableCell>
                <TableCell align="right">Time in it</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {b.repeats.map((r) => (
                <TableRow key={r.id}>
                  <TableCell sx={{ fontFamily: 'monospace' }}>{r.route}</TableCell>
                  <TableCell
                    sx={{
                      fontFamily: 'monospace',
                      fontSize: 12,
                      maxWidth: 420,
                      overflow: 'hidden',
                      textOverflow: 'ellipsis',
                    }}
                  >
                    {r.sql} {r.concurrent && <Chip size="small" label="concurrent" />}
                  </TableCell>
                  <TableCell align="right">{r.maxRepeats}</TableCell>
                  <TableCell align="right">{r.occurrences}</TableCell>
                  <TableCell align="right">{ms(r.totalMs)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </SectionCard>
      <TraceRepeatsCard />
    </Stack>
  );
}
