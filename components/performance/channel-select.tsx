'use client';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import { useAlertChannels } from '@/lib/hooks/use-alerts';

/** Picks notification channels by id. */
export function ChannelSelect({
  value,
  onChange,
  minWidth = 180,
}: {
  value: string[];
  onChange: (ids: string[]) => void;
  minWidth?: number;
}) {
  const channels = useAlertChannels();
  return (
    <TextField
      size="small"
      select
      label="Channels"
      sx={{ minWidth }}
      slotProps={{ select: { multiple: true } }}
      value={value}
      onChange={(e) => onChange(e.target.value as unknown as string[])}
    >
      {(channels.data?.data ?? []).map((c) => (
        <MenuItem key={c.id} value={c.id}>
          {c.name} ({c.type})
        </MenuItem>
      ))}
    </TextField>
  );
}
