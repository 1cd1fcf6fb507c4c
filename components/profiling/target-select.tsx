'use client';
// The profiling target picker shared by the record, snapshot and continuous cards: targets that
// cannot be profiled stay listed, disabled, with the reason.
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';

export interface TargetOption {
  id: string;
  label: string;
  profilable?: boolean;
  reason?: string | null;
}

export function TargetSelect({
  value,
  onChange,
  options,
}: {
  value: string;
  onChange: (id: string) => void;
  options: readonly TargetOption[];
}) {
  return (
    <TextField
      select
      size="small"
      label="Target"
      value={options.some((o) => o.id === value) ? value : ''}
      onChange={(e) => onChange(e.target.value)}
      sx={{ minWidth: 260 }}
    >
      {options.map((t) => (
        <MenuItem key={t.id} value={t.id} disabled={t.profilable === false}>
          {t.label}
          {t.profilable === false && t.reason ? ` — ${t.reason}` : ''}
        </MenuItem>
      ))}
    </TextField>
  );
}
