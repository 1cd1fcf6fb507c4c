'use client';
// Manual scaling (held for a while, so the autoscaler does not undo it), handing back to the
// autoscaler, and pausing it for maintenance – each behind a confirmation.
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { ConfirmDialog } from '@/components/common/confirm-dialog';
import { useAction } from '@/components/common/use-action';
import { mutate } from '@/lib/client/fetcher';
import type { ScalingState } from '@/lib/hooks/use-scaling';

type Pending = { title: string; body: string; run: () => Promise<unknown> } | null;

export function ScaleControls({ scaling, reload }: { scaling: ScalingState; reload: () => unknown }) {
  const act = useAction(reload);
  const [instances, setInstances] = useState(String(scaling.desired || scaling.min));
  const [hold, setHold] = useState('30');
  const [minutes, setMinutes] = useState('60');
  const [reason, setReason] = useState('');
  const [pending, setPending] = useState<Pending>(null);
  const n = Number(instances);
  const validN = Number.isInteger(n) && n >= 0 && n <= scaling.max;
  const c = scaling.config;
  const now = Date.now();
  return (
    <Stack spacing={2}>
      {c.override && c.override.until > now && (
        <Alert
          severity="info"
          action={
            <Button
              onClick={() =>
                void act(
                  () => mutate('POST', '/api/performance/scale', { action: 'release' }),
                  'Handed back to the autoscaler',
                )
              }
            >
              Release
            </Button>
          }
        >
          Held at {c.override.instances} by {c.override.by} until {new Date(c.override.until).toLocaleTimeString()}.
        </Alert>
      )}
      {c.maintenance && c.maintenance.until > now && (
        <Alert
          severity="warning"
          action={
            <Button
              onClick={() =>
                void act(
                  () => mutate('POST', '/api/performance/scale', { action: 'maintenance', minutes: 0 }),
                  'Auto-scaling resumed',
                )
              }
            >
              Resume
            </Button>
          }
        >
          Auto-scaling is paused for maintenance by {c.maintenance.by} until{' '}
          {new Date(c.maintenance.until).toLocaleTimeString()}: {c.maintenance.reason || 'no reason given'}.
        </Alert>
      )}
      <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-start', flexWrap: 'wrap' }}>
        <TextField
          size="small"
          type="number"
          label="Instances"
          value={instances}
          onChange={(e) => setInstances(e.target.value)}
          error={!validN}
          helperText={validN ? ' ' : `0 to ${scaling.max}`}
          sx={{ width: 120 }}
        />
        <TextField
          size="small"
          type="number"
          label="Hold (minutes)"
          value={hold}
          onChange={(e) => setHold(e.target.value)}
          helperText="0: the autoscaler may change it at once"
          sx={{ width: 200 }}
        />
        <Button
          variant="contained"
          disabled={!validN}
          onClick={() =>
            setPending({
              title: `Scale to ${n}?`,
              body: `The fleet goes from ${scaling.desired} to ${n} instances${Number(hold) > 0 ? ` and is held there for ${hold} minutes` : ''}. Stopped instances are drained first.`,
              run: () =>
                mutate('POST', '/api/performance/scale', {
                  action: 'scale_to',
                  instances: n,
                  holdMinutes: Number(hold) || 0,
                }),
            })
          }
        >
          Scale
        </Button>
      </Stack>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-start', flexWrap: 'wrap' }}>
        <TextField
          size="small"
          type="number"
          label="Pause for (minutes)"
          value={minutes}
          onChange={(e) => setMinutes(e.target.value)}
          sx={{ width: 160 }}
        />
        <TextField
          size="small"
          label="Reason"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          sx={{ width: 260 }}
        />
        <Button
          color="warning"
          variant="outlined"
          onClick={() =>
            setPending({
              title: 'Pause auto-scaling?',
              body: `The autoscaler takes no action for ${minutes} minutes. The fleet keeps its current size.`,
              run: () =>
                mutate('POST', '/api/performance/scale', {
                  action: 'maintenance',
                  minutes: Number(minutes) || 0,
                  reason,
                }),
            })
          }
        >
          Disable for maintenance
        </Button>
      </Stack>
      <ConfirmDialog
        open={pending !== null}
        title={pending?.title ?? ''}
        confirmLabel="Confirm"
        onConfirm={() => {
          const p = pending;
          setPending(null);
          if (p) void act(p.run, 'Done');
        }}
        onClose={() => setPending(null)}
      >
        {pending?.body}
      </ConfirmDialog>
    </Stack>
  );
}
