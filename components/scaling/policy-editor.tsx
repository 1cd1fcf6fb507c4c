'use client';
// Scaling policies (admins): target tracking or steps, on any of the built-in metrics or a custom
// one. Edited as a list and saved together; the server checks each field and names it.
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import FormControlLabel from '@mui/material/FormControlLabel';
import IconButton from '@mui/material/IconButton';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import DeleteIcon from '@mui/icons-material/Delete';
import { useState } from 'react';
import { useNotify } from '@/components/common/notifier';
import { mutate } from '@/lib/client/fetcher';
import { BacktestPanel } from './backtest-panel';
import { METRIC_UNITS, type Policy, SCALING_METRICS, type Step } from '@/lib/scaling/policy';

type Draft = Policy;
const newStep = (): Step => ({ comparator: '>=', threshold: 70, forMs: 120_000, change: { type: 'add', value: 1 } });

function StepRow({
  s,
  onChange,
  onRemove,
  label,
}: {
  s: Step;
  onChange: (s: Step) => void;
  onRemove: () => void;
  label: string;
}) {
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }} aria-label={label}>
      <TextField
        select
        size="small"
        label="When"
        value={s.comparator}
        onChange={(e) => onChange({ ...s, comparator: e.target.value as Step['comparator'] })}
        sx={{ width: 80 }}
      >
        <MenuItem value=">=">≥</MenuItem>
        <MenuItem value="<=">≤</MenuItem>
      </TextField>
      <TextField
        size="small"
        type="number"
        label="Threshold"
        value={s.threshold}
        onChange={(e) => onChange({ ...s, threshold: Number(e.target.value) })}
        sx={{ width: 110 }}
      />
      <TextField
        size="small"
        type="number"
        label="For (s)"
        value={s.forMs / 1000}
        onChange={(e) => onChange({ ...s, forMs: Number(e.target.value) * 1000 })}
        sx={{ width: 100 }}
      />
      <TextField
        select
        size="small"
        label="Change"
        value={s.change.type}
        onChange={(e) =>
          onChange({ ...s, change: { type: e.target.value as 'add', value: s.change.value } as Step['change'] })
        }
        sx={{ width: 120 }}
      >
        <MenuItem value="add">add</MenuItem>
        <MenuItem value="multiply">multiply by</MenuItem>
        <MenuItem value="set">set to</MenuItem>
      </TextField>
      <TextField
        size="small"
        type="number"
        label="Value"
        value={s.change.value}
        onChange={(e) => onChange({ ...s, change: { ...s.change, value: Number(e.target.value) } as Step['change'] })}
        sx={{ width: 90 }}
      />
      <IconButton aria-label={`Remove ${label}`} onClick={onRemove}>
        <DeleteIcon fontSize="small" />
      </IconButton>
    </Stack>
  );
}

export function PolicyEditor({ policies, reload }: { policies: Policy[]; reload: () => unknown }) {
  const notify = useNotify();
  const [drafts, setDrafts] = useState<Draft[]>(policies);
  const [error, setError] = useState<string | null>(null);
  const set = (i: number, p: Draft) => setDrafts(drafts.map((d, k) => (k === i ? p : d)));
  async function save() {
    try {
      await mutate('PUT', '/api/performance/scaling', { policies: drafts });
      setError(null);
      notify('Policies saved', 'success');
      void reload();
    } catch (e) {
      const details = (e as { details?: { path: string; message: string }[] }).details;
      setError(
        Array.isArray(details) ? details.map((d) => `${d.path}: ${d.message}`).join('; ') : (e as Error).message,
      );
    }
  }
  return (
    <Stack spacing={2}>
      {drafts.length === 0 && (
        <Typography color="text.secondary">
          No policies: the autoscaler only keeps the fleet within its limits and schedules.
        </Typography>
      )}
      {drafts.map((p, i) => (
        <Card key={`${p.id}-${i}`} variant="outlined" aria-label={`Policy ${p.id}`}>
          <CardContent>
            <Stack spacing={1.5}>
              <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
                <TextField
                  size="small"
                  label="Id"
                  value={p.id}
                  onChange={(e) => set(i, { ...p, id: e.target.value })}
                  sx={{ width: 140 }}
                />
                <TextField
                  size="small"
                  label="Name"
                  value={p.name}
                  onChange={(e) => set(i, { ...p, name: e.target.value })}
                  sx={{ width: 320 }}
                />
                <TextField
                  select
                  size="small"
                  label="Metric"
                  value={p.metric}
                  onChange={(e) => set(i, { ...p, metric: e.target.value as Policy['metric'] })}
                  sx={{ width: 160 }}
                >
                  {SCALING_METRICS.map((m) => (
                    <MenuItem key={m} value={m}>
                      {m}
                    </MenuItem>
                  ))}
                </TextField>
                {p.metric === 'custom' && (
                  <TextField
                    size="small"
                    label="Metric name"
                    value={p.customMetric ?? ''}
                    onChange={(e) => set(i, { ...p, customMetric: e.target.value })}
                    sx={{ width: 200 }}
                  />
                )}
                <TextField
                  select
                  size="small"
                  label="Kind"
                  value={p.kind}
                  onChange={(e) =>
                    set(i, {
                      ...p,
                      kind: e.target.value as Policy['kind'],
                      steps: e.target.value === 'step' && !p.steps.length ? [newStep()] : p.steps,
                    })
                  }
                  sx={{ width: 160 }}
                >
                  <MenuItem value="target">target tracking</MenuItem>
                  <MenuItem value="step">steps</MenuItem>
                </TextField>
                <FormControlLabel
                  control={<Switch checked={p.enabled} onChange={(e) => set(i, { ...p, enabled: e.target.checked })} />}
                  label="Enabled"
                />
                <Button color="error" onClick={() => setDrafts(drafts.filter((_, k) => k !== i))}>
                  Remove policy
                </Button>
              </Stack>
              <Typography variant="caption" color="text.secondary">
                {p.metric === 'custom' ? 'the metric’s average over the last minute' : METRIC_UNITS[p.metric]}
              </Typography>
              {p.kind === 'target' ? (
                <Stack direction="row" spacing={1}>
                  <TextField
                    size="small"
                    type="number"
                    label="Target"
                    value={p.target ?? ''}
                    onChange={(e) =>
                      set(i, { ...p, target: e.target.value === '' ? undefined : Number(e.target.value) })
                    }
                    sx={{ width: 140 }}
                    helperText="instances ∝ metric / target"
                  />
                  <TextField
                    size="small"
                    type="number"
                    label="Averaged over (s)"
                    value={p.windowMs / 1000}
                    onChange={(e) => set(i, { ...p, windowMs: Number(e.target.value) * 1000 })}
                    sx={{ width: 160 }}
                  />
                </Stack>
              ) : (
                <>
                  {p.steps.map((s, k) => (
                    <StepRow
                      key={k}
                      label={`step ${k + 1} of ${p.id}`}
                      s={s}
                      onChange={(ns) => set(i, { ...p, steps: p.steps.map((x, j) => (j === k ? ns : x)) })}
                      onRemove={() => set(i, { ...p, steps: p.steps.filter((_, j) => j !== k) })}
                    />
                  ))}
                  <div>
                    <Button size="small" onClick={() => set(i, { ...p, steps: [...p.steps, newStep()] })}>
                      Add step
                    </Button>
                  </div>
                </>
              )}
            </Stack>
          </CardContent>
        </Card>
      ))}
      {error && <Alert severity="error">{error}</Alert>}
      <Stack direction="row" spacing={1}>
        <Button
          onClick={() =>
            setDrafts([
              ...drafts,
              {
                id: `policy-${drafts.length + 1}`,
                name: 'Requests per instance',
                enabled: true,
                metric: 'requestRate',
                kind: 'target',
                target: 100,
                windowMs: 10_000,
                steps: [],
              },
            ])
          }
        >
          Add target policy
        </Button>
        <Button
          onClick={() =>
            setDrafts([
              ...drafts,
              {
                id: `policy-${drafts.length + 1}`,
                name: 'CPU steps',
                enabled: true,
                metric: 'cpu',
                kind: 'step',
                windowMs: 10_000,
                steps: [newStep()],
              },
            ])
          }
        >
          Add step policy
        </Button>
        <Button variant="contained" onClick={() => void save()}>
          Save policies
        </Button>
      </Stack>
      <Typography variant="subtitle2" sx={{ pt: 2 }}>
        Test these policies against history (before saving them)
      </Typography>
      <BacktestPanel policies={drafts} />
    </Stack>
  );
}
