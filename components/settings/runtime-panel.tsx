'use client';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import MenuItem from '@mui/material/MenuItem';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import { formatDuration, parseDuration } from '@/lib/config/parse';
import { useState } from 'react';
import { useNotify } from '@/components/common/notifier';
import { mutate } from '@/lib/client/fetcher';
import type { SettingView } from '@/lib/client/types';
import { useSettings } from '@/lib/hooks/use-settings';

function Editor({ s, value, onChange }: { s: SettingView; value: unknown; onChange: (v: unknown) => void }) {
  if (typeof s.default === 'boolean')
    return (
      <Switch
        checked={Boolean(value)}
        onChange={(e) => onChange(e.target.checked)}
        slotProps={{ input: { 'aria-label': s.label } }}
      />
    );
  if (s.options) {
    const multiple = Array.isArray(s.default);
    return (
      <TextField
        select
        size="small"
        value={multiple ? (Array.isArray(value) ? value : []) : String(value)}
        onChange={(e) => onChange(e.target.value)}
        slotProps={{ select: { multiple }, htmlInput: { 'aria-label': s.label } }}
        sx={{ minWidth: 200 }}
      >
        {s.options.map((o) => (
          <MenuItem key={o} value={o}>
            {o}
          </MenuItem>
        ))}
      </TextField>
    );
  }
  if (typeof s.default === 'string')
    return (
      <TextField
        size="small"
        value={String(value ?? '')}
        onChange={(e) => onChange(e.target.value)}
        slotProps={{ htmlInput: { 'aria-label': s.label } }}
        sx={{ width: 240 }}
      />
    );
  // Durations (keys ending in Ms) read and edit in units: "30d", not 2592000000.
  if (s.key.endsWith('Ms') && typeof s.default === 'number')
    return (
      <TextField
        size="small"
        value={typeof value === 'number' ? formatDuration(value) : String(value ?? '')}
        onChange={(e) => onChange(parseDuration(e.target.value) ?? e.target.value)}
        helperText="e.g. 250ms, 90s, 15m, 12h, 30d"
        slotProps={{ htmlInput: { 'aria-label': s.label } }}
        sx={{ width: 160 }}
      />
    );
  return (
    <TextField
      size="small"
      type="number"
      value={String(value)}
      onChange={(e) => onChange(e.target.value === '' ? '' : Number(e.target.value))}
      slotProps={{ htmlInput: { 'aria-label': s.label } }}
      sx={{ width: 160 }}
    />
  );
}

/** Runtime settings: environment defaults, overridden per key in the database (admins edit). */
export function RuntimePanel() {
  const { data, error, isLoading, mutate: reload } = useSettings();
  const [draft, setDraft] = useState<Record<string, unknown>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const notify = useNotify();
  if (error) return <Alert severity="error">{error.message}</Alert>;
  if (isLoading || !data) return <Skeleton variant="rounded" height={300} />;
  const dirty = Object.keys(draft).length > 0;
  async function save(patch: Record<string, unknown>) {
    try {
      await mutate('PUT', '/api/settings', patch);
      setDraft({});
      setErrors({});
      notify('Settings saved', 'success');
      void reload();
    } catch (err) {
      const details = (err as { details?: unknown }).details;
      if (Array.isArray(details))
        setErrors(Object.fromEntries(details.map((d: { path: string; message: string }) => [d.path, d.message])));
      else if (details && typeof details === 'object') setErrors(details as Record<string, string>);
      notify((err as Error).message, 'error');
    }
  }
  return (
    <Stack spacing={2}>
      <Table size="small">
        <TableHead>
          <TableRow>
            <TableCell>Setting</TableCell>
            <TableCell>Value</TableCell>
            <TableCell>Source</TableCell>
            <TableCell />
          </TableRow>
        </TableHead>
        <TableBody>
          {data.data.map((s) => (
            <TableRow key={s.key}>
              <TableCell>
                {s.label}
                <br />
                <code style={{ fontSize: 11, opacity: 0.7 }}>{s.key}</code>
                {errors[s.key] ? (
                  <Alert severity="error" sx={{ mt: 1, py: 0 }}>
                    {errors[s.key]}
                  </Alert>
                ) : null}
              </TableCell>
              <TableCell>
                <Editor
                  s={s}
                  value={s.key in draft ? draft[s.key] : s.value}
                  onChange={(v) => setDraft({ ...draft, [s.key]: v })}
                />
              </TableCell>
              <TableCell>
                <Chip
                  size="small"
                  label={s.source === 'database' ? `changed by ${s.updatedBy ?? '?'}` : 'environment'}
                  variant={s.source === 'database' ? 'filled' : 'outlined'}
                />
              </TableCell>
              <TableCell>
                {s.source === 'database' ? (
                  <Button size="small" onClick={() => void save({ [s.key]: null })}>
                    Reset
                  </Button>
                ) : null}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Stack direction="row" spacing={1}>
        <Button variant="contained" disabled={!dirty} onClick={() => void save(draft)}>
          Save changes
        </Button>
        <Button disabled={!dirty} onClick={() => setDraft({})}>
          Discard
        </Button>
      </Stack>
    </Stack>
  );
}
