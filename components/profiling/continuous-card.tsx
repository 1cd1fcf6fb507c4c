'use client';
// The continuous profile: on by default for Redline, its proxy thread and Node instances at a low
// rate, kept a minute at a time. Any target over the selected time range merges into one flame
// graph — or becomes the baseline of a comparison.
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { SectionCard } from '@/components/common/section-card';
import { TargetSelect } from './target-select';
import { useContinuousMinutes, useProfilingTargets } from '@/lib/hooks/use-profiling';

export function ContinuousCard({
  onView,
  onCompare,
}: {
  onView: (source: string) => void;
  onCompare: (source: string) => void;
}) {
  const targets = useProfilingTargets();
  const minutes = useContinuousMinutes();
  const [target, setTarget] = useState('redline');
  const m = minutes.data;
  const mine = (m?.data ?? []).filter((x) => x.target === target);
  const cpuMs = mine.reduce((n, x) => n + x.cpuMs, 0);
  const source = m ? `continuous:${target}@${m.fromMs}-${m.toMs}` : null;
  const known = new Set([...(targets.data?.data ?? []).map((t) => t.id), ...(m?.data ?? []).map((x) => x.target)]);
  return (
    <SectionCard
      title="Continuous profile"
      subheader={
        m?.recording
          ? `Recording at ${Math.round(1e6 / m.recording.intervalUs)} Hz; pick a target, the time range above sets the span`
          : 'Off on this instance (Settings → Runtime turns it on); minutes recorded before stay viewable'
      }
    >
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ alignItems: { md: 'center' } }}>
        <TargetSelect value={target} onChange={setTarget} options={[...known].map((id) => ({ id, label: id }))} />
        <Typography variant="body2" data-testid="continuous-minutes">
          {mine.length
            ? `${mine.length} minutes recorded, ${(cpuMs / 1000).toFixed(1)} s of CPU sampled`
            : 'No minutes recorded in this range yet (the first arrives a minute after start)'}
        </Typography>
        <Button
          size="small"
          variant="outlined"
          disabled={!mine.length || !source}
          onClick={() => source && onView(source)}
        >
          View range
        </Button>
        <Button size="small" disabled={!mine.length || !source} onClick={() => source && onCompare(source)}>
          Use as baseline
        </Button>
      </Stack>
    </SectionCard>
  );
}
