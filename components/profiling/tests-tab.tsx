'use client';
// Profiling → Tests: performance budgets (a route's p95, checked by an alert rule; a benchmark
// figure, checked against its runs), the regression check over recorded benchmark figures, and
// how a CI job runs the same check.
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
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
import { CsvButton } from '@/components/common/csv-button';
import { SectionCard } from '@/components/common/section-card';
import { useAction } from '@/components/common/use-action';
import { mutate } from '@/lib/client/fetcher';
import { FIGURE_KEYS } from '@/lib/profiling/bench-figures';
import { useBudgetCheck, useBudgets } from '@/lib/hooks/use-profiling';

export function TestsTab() {
  const budgets = useBudgets();
  const check = useBudgetCheck();
  const act = useAction(() => Promise.all([budgets.mutate(), check.mutate()]));
  const [kind, setKind] = useState<'route' | 'benchmark'>('route');
  const [subject, setSubject] = useState('/api/metrics/series');
  const [threshold, setThreshold] = useState(200);
  const c = check.data;
  return (
    <Stack spacing={2}>
      <SectionCard
        title="Budgets"
        subheader={
          c
            ? c.ok
              ? 'Every budget holds and no figure regressed'
              : 'A budget is breached or a figure regressed'
            : undefined
        }
        action={
          c && <Chip color={c.ok ? 'success' : 'error'} label={c.ok ? 'pass' : 'fail'} data-testid="budget-verdict" />
        }
      >
        <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ mb: 2 }}>
          <TextField
            select
            size="small"
            label="Kind"
            value={kind}
            onChange={(e) => {
              const k = e.target.value as 'route' | 'benchmark';
              setKind(k);
              setSubject(k === 'route' ? '/api/metrics/series' : 'proxy/addedP99Ms');
            }}
          >
            <MenuItem value="route">Route p95 (ms)</MenuItem>
            <MenuItem value="benchmark">Benchmark figure</MenuItem>
          </TextField>
          {kind === 'route' ? (
            <TextField
              size="small"
              label="Route"
              value={subject}
              onChange={(e) => setSubject(e.target.value)}
              sx={{ minWidth: 260 }}
            />
          ) : (
            <TextField
              select
              size="small"
              label="Figure"
              value={subject}
              onChange={(e) => setSubject(e.target.value)}
              sx={{ minWidth: 260 }}
            >
              {FIGURE_KEYS.map((f) => (
                <MenuItem key={f} value={f}>
                  {f}
                </MenuItem>
              ))}
            </TextField>
          )}
          <TextField
            size="small"
            type="number"
            label="Budget"
            value={threshold}
            onChange={(e) => setThreshold(Number(e.target.value))}
            sx={{ width: 120 }}
          />
          <Button
            variant="contained"
            onClick={() =>
              act(
                () => mutate('POST', '/api/profiling/budgets', { kind, subject, thresholdMs: threshold }),
                `Budget for ${subject} added`,
              )
            }
          >
            Add budget
          </Button>
        </Stack>
        <Table size="small" data-testid="budgets">
          <TableHead>
            <TableRow>
              <TableCell>Budget</TableCell>
              <TableCell align="right">Limit</TableCell>
              <TableCell align="right">Now</TableCell>
              <TableCell>Verdict</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {(budgets.data?.data ?? []).map((b) => {
              const v = c?.checks.find((x) => x.subject === b.subject);
              return (
                <TableRow key={b.id}>
                  <TableCell sx={{ fontFamily: 'monospace' }}>
                    {b.kind === 'route' ? `p95 of ${b.subject}` : b.subject}
                  </TableCell>
                  <TableCell align="right">{b.thresholdMs}</TableCell>
                  <TableCell align="right">{v?.value == null ? '—' : v.value.toFixed(2)}</TableCell>
                  <TableCell>
                    {v ? (
                      <Chip size="small" color={v.ok ? 'success' : 'error'} label={v.ok ? 'within' : 'breached'} />
                    ) : null}{' '}
                    {v?.detail}
                  </TableCell>
                  <TableCell align="right">
                    <Button
                      size="small"
                      color="error"
                      onClick={() => act(() => mutate('DELETE', `/api/profiling/budgets/${b.id}`), 'Budget removed')}
                    >
                      Remove
                    </Button>
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </SectionCard>
      <SectionCard
        title="Benchmark regressions"
        subheader="The latest run of each figure against the spread of the runs before it (more than twice their standard deviation)"
        action={
          <CsvButton
            filename="benchmark-regressions"
            header={['figure', 'latest', 'baseline', 'spread', 'runs', 'verdict']}
            rows={() =>
              (c?.regressions ?? []).map((r) => [
                r.key,
                r.latest,
                r.baseline ?? '',
                r.spread ?? '',
                r.runs,
                r.unknown ? 'too few runs' : r.regressed ? 'regressed' : 'ok',
              ])
            }
          />
        }
      >
        {(c?.regressions ?? []).length === 0 ? (
          <Typography variant="body2" color="text.secondary">
            No benchmark figures recorded yet: runs from the console record theirs, and CI sends its own with `npm run
            budgets -- --figures`.
          </Typography>
        ) : (
          <Table size="small">
            <TableBody>
              {(c?.regressions ?? []).map((r) => (
                <TableRow key={r.key}>
                  <TableCell sx={{ fontFamily: 'monospace' }}>{r.key}</TableCell>
                  <TableCell align="right">{r.latest}</TableCell>
                  <TableCell>
                    {r.unknown
                      ? `too few runs to compare (${r.runs})`
                      : `baseline ${r.baseline?.toFixed(3)} ± ${r.spread?.toFixed(3)} over ${r.runs - 1} runs`}
                  </TableCell>
                  <TableCell>
                    <Chip
                      size="small"
                      color={r.regressed ? 'error' : 'default'}
                      label={r.unknown ? 'unknown' : r.regressed ? 'regressed' : 'ok'}
                    />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </SectionCard>
      <SectionCard title="In CI">
        <Typography variant="body2" component="pre" sx={{ fontFamily: 'monospace', whiteSpace: 'pre-wrap' }}>
          {
            'npm run budgets -- --url https://redline.example --token rl_… [--figures figures.json]\n# exits 1 on a breached budget or a regression, 2 when Redline cannot be asked'
          }
        </Typography>
      </SectionCard>
    </Stack>
  );
}
