'use client';
// The autoscaler's limits (admins): on/off, min and max, cooldowns, the scale-down stabilization
// window, the largest single step, the memory limit memory policies measure against, the price.
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import FormControlLabel from '@mui/material/FormControlLabel';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { useNotify } from '@/components/common/notifier';
import { mutate } from '@/lib/client/fetcher';
import type { ScalingConfig } from '@/lib/scaling/policy';

const FIELDS: [keyof ScalingConfig, string, number][] = [
  ['minInstances', 'Min instances', 1],
  ['maxInstances', 'Max instances', 1],
  ['scaleUpCooldownMs', 'Scale-up cooldown (s)', 1000],
  ['scaleDownCooldownMs', 'Scale-down cooldown (s)', 1000],
  ['stabilizationMs', 'Scale-down stabilization (s)', 1000],
  ['maxStepUp', 'Most new instances at once', 1],
  ['memoryLimitMb', 'Memory limit per instance (MB)', 1],
  ['pricePerInstanceHour', 'Price per instance-hour ($)', 1],
];

export function LimitsForm({ config, reload }: { config: ScalingConfig; reload: () => unknown }) {
  const notify = useNotify();
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(FIELDS.map(([k, , scale]) => [k, String((config[k] as number) / scale)])),
  );
  const [enabled, setEnabled] = useState(config.enabled);
  const [errors, setErrors] = useState<Record<string, string>>({});
  async function save() {
    const body: Record<string, unknown> = { enabled };
    for (const [k, , scale] of FIELDS) body[k] = values[k] === '' ? Number.NaN : Number(values[k]) * scale;
    try {
      await mutate('PUT', '/api/performance/scaling', body);
      setErrors({});
      notify('Limits saved', 'success');
      void reload();
    } catch (e) {
      const details = (e as { details?: unknown }).details;
      if (Array.isArray(details))
        setErrors(
          Object.fromEntries(
            details.map((d: { path: string; message: string }) => [String(d.path).split('.')[0], d.message]),
          ),
        );
      else if (details && typeof details === 'object') setErrors(details as Record<string, string>);
      notify((e as Error).message, 'error');
    }
  }
  return (
    <Stack spacing={2}>
      <FormControlLabel
        control={<Switch checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />}
        label="Auto-scaling enabled"
      />
      <Stack direction="row" spacing={1} sx={{ flexWrap: 'wrap', rowGap: 2 }}>
        {FIELDS.map(([k, label]) => (
          <TextField
            key={k}
            size="small"
            type="number"
            label={label}
            value={values[k]}
            onChange={(e) => setValues({ ...values, [k]: e.target.value })}
            error={Boolean(errors[k])}
            helperText={errors[k] ?? ' '}
            sx={{ width: 220 }}
          />
        ))}
      </Stack>
      {errors[''] && <Alert severity="error">{errors['']}</Alert>}
      <div>
        <Button variant="contained" onClick={() => void save()}>
          Save limits
        </Button>
      </div>
    </Stack>
  );
}
