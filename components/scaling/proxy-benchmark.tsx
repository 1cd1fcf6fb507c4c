'use client';
// The proxy benchmark from the console: run bench/proxy.ts on this machine (after a confirmation:
// it loads every core for minutes), follow its progress, cancel it, and read the last run's
// figures beside nginx's, with the runs before it.
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import LinearProgress from '@mui/material/LinearProgress';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { ConfirmDialog } from '@/components/common/confirm-dialog';
import { CsvButton } from '@/components/common/csv-button';
import { EmptyState } from '@/components/common/empty-state';
import { SectionCard } from '@/components/common/section-card';
import { when } from '@/components/common/format';
import { useAction } from '@/components/common/use-action';
import { PROXY_BENCH_STEPS, repeatDifference } from '@/lib/bench/proxy-result';
import type { RunView } from '@/lib/bench/runs';
import { mutate } from '@/lib/client/fetcher';
import { useBenchmarks } from '@/lib/hooks/use-benchmarks';
import { BenchFigures } from './bench-figures';

const LENGTHS = [
  { seconds: 3, label: 'Quick (3 s runs)' },
  { seconds: 10, label: 'Standard (10 s runs)' },
  { seconds: 30, label: 'Long (30 s runs)' },
];
const live = (r: RunView) => r.status === 'running' || r.status === 'cancelling';
const minutes = (seconds: number) => Math.ceil((seconds * PROXY_BENCH_STEPS + 60) / 60);
const STATUS_COLOR = {
  success: 'success',
  error: 'error',
  cancelled: 'default',
  running: 'info',
  cancelling: 'warning',
} as const;

export function ProxyBenchmark() {
  const { data, mutate: reload } = useBenchmarks('proxy');
  const act = useAction(reload);
  const [seconds, setSeconds] = useState(10);
  const [confirming, setConfirming] = useState(false);
  const runs = data?.runs ?? [];
  const current = runs.find(live);
  const last = runs.find((r) => r.status === 'success' && r.result);
  const missing = data?.missing ?? [];
  const start = () => {
    setConfirming(false);
    void act(() => mutate('POST', '/api/benchmarks', { name: 'proxy', seconds }), 'Benchmark started');
  };
  return (
    <SectionCard
      title="Benchmark: Redline's proxy vs nginx"
      subheader="bench/proxy.ts on this machine: a fleet of two sample instances behind Redline's proxy, behind Debian's nginx (one worker, keep-alive), behind a bare Node pipe and direct, in one run"
      action={
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
          <TextField
            select
            size="small"
            label="Length"
            value={seconds}
            onChange={(e) => setSeconds(Number(e.target.value))}
            sx={{ width: 200 }}
            disabled={Boolean(current)}
          >
            {LENGTHS.map((l) => (
              <MenuItem key={l.seconds} value={l.seconds}>
                {l.label}
              </MenuItem>
            ))}
          </TextField>
          <Button
            variant="contained"
            disabled={Boolean(current) || missing.length > 0 || !data}
            onClick={() => setConfirming(true)}
          >
            Run benchmark
          </Button>
        </Stack>
      }
    >
      {missing.length > 0 && (
        <Alert severity="info" sx={{ mb: 2 }}>
          The benchmark drives {missing.map((m) => m.program).join(', ')}, which this machine lacks:{' '}
          <code>apt-get install -y {missing.map((m) => m.pkg).join(' ')}</code>
        </Alert>
      )}
      {current && (
        <Stack direction="row" spacing={2} sx={{ alignItems: 'center', mb: 2 }}>
          <LinearProgress
            variant="determinate"
            value={current.progress * 100}
            sx={{ flex: 1 }}
            aria-label="Benchmark progress"
          />
          <Typography variant="body2" sx={{ minWidth: 260 }} data-testid="bench-stage">
            {current.status === 'cancelling' ? 'Cancelling: stopping what it started…' : (current.stage ?? 'starting')}
          </Typography>
          <Button
            size="small"
            disabled={current.status === 'cancelling'}
            onClick={() =>
              void act(() => mutate('DELETE', `/api/benchmarks?id=${current.id}`), 'Cancelling the benchmark')
            }
          >
            Cancel
          </Button>
        </Stack>
      )}
      {last?.result ? (
        <>
          <Typography variant="subtitle2" gutterBottom>
            Last complete run: {when(last.finishedAt)} by {last.by}
          </Typography>
          <BenchFigures r={last.result} />
        </>
      ) : (
        !current && (
          <EmptyState title="No benchmark yet">
            Run one to measure the proxy's requests/s and added latency beside nginx's on this machine.
          </EmptyState>
        )
      )}
      {runs.length > 0 && <RunHistory runs={runs} />}
      <ConfirmDialog
        open={confirming}
        title="Run the proxy benchmark?"
        confirmLabel="Run benchmark"
        onConfirm={start}
        onClose={() => setConfirming(false)}
      >
        It starts a second Redline with two sample instances and nginx, and loads every core of this machine for about{' '}
        {minutes(seconds)} minutes. Figures this console measures meanwhile (the fleet's CPU, latencies) will show that
        load.
      </ConfirmDialog>
    </SectionCard>
  );
}

function RunHistory({ runs }: { runs: RunView[] }) {
  const row = (r: RunView) => [
    r.id,
    r.startedAt,
    r.by,
    r.status,
    r.seconds,
    r.result?.ratio.hey ?? null,
    r.result?.ratio.wrk ?? null,
    r.result?.addedP99.redline ?? null,
    r.result?.addedP99.nginx ?? null,
    r.result?.addedP99.nodePipe ?? null,
    r.result ? (repeatDifference(r.result.halfLoad)?.median ?? null) : null,
  ];
  return (
    <>
      <Stack direction="row" sx={{ alignItems: 'center', justifyContent: 'space-between', mt: 3 }}>
        <Typography variant="subtitle2">Runs</Typography>
        <CsvButton
          filename="proxy-benchmark-runs"
          header={[
            'id',
            'started',
            'by',
            'status',
            'seconds_per_run',
            'ratio_hey',
            'ratio_wrk',
            'added_p99_ms_redline',
            'added_p99_ms_nginx',
            'added_p99_ms_node_pipe',
            'direct_twice_apart_ms_median',
          ]}
          rows={() => runs.map(row)}
        />
      </Stack>
      <Table size="small" aria-label="Benchmark runs">
        <TableHead>
          <TableRow>
            <TableCell>Started</TableCell>
            <TableCell>By</TableCell>
            <TableCell>Status</TableCell>
            <TableCell align="right">× nginx (hey / wrk)</TableCell>
            <TableCell align="right">Added p99 Redline / nginx / Node pipe</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {runs.map((r) => (
            <TableRow key={r.id}>
              <TableCell>{when(r.startedAt)}</TableCell>
              <TableCell>{r.by}</TableCell>
              <TableCell>
                <Chip size="small" color={STATUS_COLOR[r.status]} label={r.status} />
                {r.error && (
                  <Typography
                    variant="caption"
                    color="error"
                    component="pre"
                    sx={{ whiteSpace: 'pre-wrap', m: 0, mt: 0.5, maxWidth: 520 }}
                  >
                    {r.error}
                  </Typography>
                )}
              </TableCell>
              <TableCell align="right">
                {r.result ? `${r.result.ratio.hey?.toFixed(2) ?? '—'} / ${r.result.ratio.wrk?.toFixed(2) ?? '—'}` : '—'}
              </TableCell>
              <TableCell align="right">
                {r.result
                  ? `${[r.result.addedP99.redline, r.result.addedP99.nginx, r.result.addedP99.nodePipe].map((v) => v?.toFixed(2) ?? '—').join(' / ')} ms`
                  : '—'}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </>
  );
}
