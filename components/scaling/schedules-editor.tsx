'use client';
// Scheduled capacity (admins): from each cron time, keep at least N instances for a while.
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useNotify } from '@/components/common/notifier';
import { mutate } from '@/lib/client/fetcher';
import type { Schedule } from '@/lib/scaling/policy';

export function SchedulesEditor({ schedules, reload }: { schedules: Schedule[]; reload: () => unknown }) {
  const notify = useNotify();
  const [drafts, setDrafts] = useState<Schedule[]>(schedules);
  const [error, setError] = useState<string | null>(null);
  const set = (i: number, s: Schedule) => setDrafts(drafts.map((d, k) => (k === i ? s : d)));
  async function save() {
    try {
      await mutate('PUT', '/api/performance/scaling', { schedules: drafts });
      setError(null);
      notify('Schedules saved', 'success');
      void reload();
    } catch (e) {
      const details = (e as { details?: { path: string; message: string }[] }).details;
      setError(
        Array.isArray(details) ? details.map((d) => `${d.path}: ${d.message}`).join('; ') : (e as Error).message,
      );
    }
  }
  return (
    <Stack spacing={1.5}>
      {drafts.length === 0 && <Typography color="text.secondary">No scheduled capacity.</Typography>}
      {drafts.map((s, i) => (
        <Stack key={i} direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
          <TextField
            size="small"
            label="Id"
            value={s.id}
            onChange={(e) => set(i, { ...s, id: e.target.value })}
            sx={{ width: 130 }}
          />
          <TextField
            size="small"
            label="Cron"
            value={s.cron}
            onChange={(e) => set(i, { ...s, cron: e.target.value })}
            helperText="e.g. 0 8 * * 1-5"
            sx={{ width: 180 }}
          />
          <TextField
            size="small"
            type="number"
            label="At least"
            value={s.minInstances}
            onChange={(e) => set(i, { ...s, minInstances: Number(e.target.value) })}
            sx={{ width: 100 }}
          />
          <TextField
            size="small"
            type="number"
            label="For (min)"
            value={s.durationMs / 60_000}
            onChange={(e) => set(i, { ...s, durationMs: Number(e.target.value) * 60_000 })}
            sx={{ width: 100 }}
          />
          <Button color="error" onClick={() => setDrafts(drafts.filter((_, k) => k !== i))}>
            Remove
          </Button>
        </Stack>
      ))}
      {error && <Alert severity="error">{error}</Alert>}
      <Stack direction="row" spacing={1}>
        <Button
          onClick={() =>
            setDrafts([
              ...drafts,
              { id: `schedule-${drafts.length + 1}`, cron: '0 8 * * 1-5', minInstances: 2, durationMs: 10 * 3_600_000 },
            ])
          }
        >
          Add schedule
        </Button>
        <Button variant="contained" onClick={() => void save()}>
          Save schedules
        </Button>
      </Stack>
    </Stack>
  );
}
