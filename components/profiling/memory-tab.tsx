'use client';
// Profiling → Memory: heap over time per target, GC pauses by kind, heap growth after collections,
// allocation profiles as flame graphs, and heap snapshots with leak triage.
import { describeGrowth } from '@/lib/profiling/growth';
import Alert from '@mui/material/Alert';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { TimeSeriesChart } from '@/components/charts/time-series-chart';
import { bytes } from '@/components/common/format';
import { SectionCard } from '@/components/common/section-card';
import { useMemorySummary } from '@/lib/hooks/use-profiling';
import { useSeries } from '@/lib/hooks/use-series';
import { useViewParams } from './cpu-tab';
import { ProfileViewer } from './profile-viewer';
import { ProfilesTable } from './profiles-table';
import { RecordCard } from './record-card';
import { SnapshotsCard } from './snapshots-card';

const ms = (v: number | null) => (v === null ? '—' : `${v.toFixed(v < 10 ? 2 : 0)} ms`);

export function MemoryTab() {
  const main = useSeries('process_heap_used_bytes', []);
  const others = useSeries('profiling_heap_used_bytes', ['target']);
  const summary = useMemorySummary();
  const { view, base, set } = useViewParams();
  const s = summary.data;
  return (
    <Stack spacing={2}>
      {s?.heaps.map((h) =>
        h.growing ? (
          <Alert key={h.target} severity="warning" data-testid="heap-growth">
            {describeGrowth(h.growth, h.target)} That is a leak's signature: take three heap snapshots of it a few
            minutes apart and find what leaks below.
          </Alert>
        ) : (
          <Typography key={h.target} variant="body2" color="text.secondary" data-testid="heap-verdict">
            {describeGrowth(h.growth, h.target)}
          </Typography>
        ),
      )}
      <SectionCard
        title="Heap in use"
        subheader="Redline's main thread every 10 s; its proxy thread and Node instances as their agents report"
      >
        <TimeSeriesChart
          testId="chart-heap-main"
          result={main.data}
          isLoading={main.isLoading}
          fields={[{ field: 'avg', label: 'Redline' }]}
          format={bytes}
          valueKind="bytes"
          empty="Redline's self-sampler records its heap every 10 s."
        />
        <TimeSeriesChart
          testId="chart-heap-targets"
          result={others.data}
          isLoading={others.isLoading}
          fields={[{ field: 'avg', label: 'heap' }]}
          format={bytes}
          valueKind="bytes"
          empty="The proxy thread and Node fleet instances report their heaps every 10 s."
        />
      </SectionCard>
      <SectionCard title="Garbage collection" subheader="Pauses over the selected range, by target and kind">
        <Table size="small" data-testid="gc-table">
          <TableHead>
            <TableRow>
              <TableCell>Target</TableCell>
              <TableCell>Kind</TableCell>
              <TableCell align="right">Pauses</TableCell>
              <TableCell align="right">Total</TableCell>
              <TableCell align="right">p50</TableCell>
              <TableCell align="right">p99</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {(s?.gc ?? []).map((g) => (
              <TableRow key={`${g.target}:${g.kind}`}>
                <TableCell>{g.target}</TableCell>
                <TableCell>{g.kind}</TableCell>
                <TableCell align="right">{g.count}</TableCell>
                <TableCell align="right">{ms(g.totalMs)}</TableCell>
                <TableCell align="right">{ms(g.p50Ms)}</TableCell>
                <TableCell align="right">{ms(g.p99Ms)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </SectionCard>
      <RecordCard kind="alloc" onDone={(id) => set({ view: `profile:${id}` })} />
      {view && <ProfileViewer source={view} baseline={base} onClearBaseline={() => set({ base: null })} />}
      <ProfilesTable kind="alloc" onView={(v) => set({ view: v })} onCompare={(b) => set({ base: b })} />
      <SnapshotsCard />
    </Stack>
  );
}
