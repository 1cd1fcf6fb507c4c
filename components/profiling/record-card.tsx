'use client';
// Record a profile of one target: CPU (1–120 s at a chosen sampling interval) or allocations,
// with the running capture's progress and Cancel.
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useEffect, useState } from 'react';
import { SectionCard } from '@/components/common/section-card';
import { TargetSelect } from './target-select';
import { useAction } from '@/components/common/use-action';
import { mutate } from '@/lib/client/fetcher';
import { useProfile, useProfilingTargets } from '@/lib/hooks/use-profiling';

export function RecordCard({ kind, onDone }: { kind: 'cpu' | 'alloc'; onDone: (id: string) => void }) {
  const targets = useProfilingTargets();
  const [target, setTarget] = useState('redline');
  const [seconds, setSeconds] = useState(10);
  const [interval, setIntervalUs] = useState(1_000);
  const [running, setRunning] = useState<string | null>(null);
  const live = useProfile(running);
  const act = useAction();
  const list = targets.data?.data ?? [];
  const chosen = list.find((t) => t.id === target);
  const p = live.data;
  useEffect(() => {
    if (!running || !p || p.id !== running || p.status === 'running') return;
    setRunning(null);
    if (p.status === 'complete') onDone(p.id);
  }, [running, p, onDone]);
  const progress = p?.progress ? Math.min(100, (p.progress.elapsedMs / Math.max(1, p.progress.durationMs)) * 100) : 0;
  return (
    <SectionCard
      title={kind === 'cpu' ? 'Record a CPU profile' : 'Record allocations'}
      subheader={
        kind === 'cpu'
          ? "Samples the target's stacks through its V8 inspector"
          : 'Samples live allocations by stack (V8 sampling heap profiler)'
      }
    >
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ alignItems: { md: 'center' } }}>
        <TargetSelect value={target} onChange={setTarget} options={list} />
        <TextField
          size="small"
          type="number"
          label="Seconds"
          value={seconds}
          onChange={(e) => setSeconds(Number(e.target.value))}
          slotProps={{ htmlInput: { min: 1, max: 120 } }}
          sx={{ width: 110 }}
        />
        {kind === 'cpu' && (
          <TextField
            size="small"
            type="number"
            label="Interval (µs)"
            value={interval}
            onChange={(e) => setIntervalUs(Number(e.target.value))}
            slotProps={{ htmlInput: { min: 100, max: 100_000, step: 100 } }}
            sx={{ width: 130 }}
          />
        )}
        <Button
          variant="contained"
          disabled={!!running || !chosen?.profilable}
          onClick={() =>
            act(
              () =>
                mutate<{ id: string }>('POST', '/api/profiling/profiles', {
                  target,
                  kind,
                  durationSeconds: seconds,
                  ...(kind === 'cpu' ? { intervalUs: interval } : {}),
                }),
              (r) => {
                setRunning(r.id);
                return `Recording ${seconds} s of ${chosen?.label}`;
              },
            )
          }
        >
          Record
        </Button>
      </Stack>
      {chosen && !chosen.profilable && (
        <Alert severity="info" sx={{ mt: 2 }}>
          {chosen.label} cannot be profiled: {chosen.reason}
        </Alert>
      )}
      {running && (
        <Stack spacing={1} sx={{ mt: 2 }} data-testid="capture-progress">
          <Typography variant="body2">
            Recording {p?.targetLabel ?? ''}: {Math.round((p?.progress?.elapsedMs ?? 0) / 1000)} of {seconds} s
          </Typography>
          <LinearProgress variant="determinate" value={progress} />
          <Button
            size="small"
            color="warning"
            sx={{ alignSelf: 'flex-start' }}
            onClick={() =>
              act(() => mutate('DELETE', `/api/profiling/profiles/${running}`), 'Cancelled; nothing was stored')
            }
          >
            Cancel
          </Button>
        </Stack>
      )}
    </SectionCard>
  );
}
