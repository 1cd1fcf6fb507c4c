'use client';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import Popover from '@mui/material/Popover';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { useTimeRange } from '@/lib/hooks/use-time-range';
import { RANGE_OPTIONS, REFRESH_OPTIONS } from '@/lib/time-range';

const toLocalInput = (ms: number) => new Date(ms - new Date().getTimezoneOffset() * 60_000).toISOString().slice(0, 16);

/** Global time range (15m … 7d, custom) and auto-refresh, both written to the URL. */
export function TimeRangePicker() {
  const { range, refresh, from, to, update } = useTimeRange();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const now = Date.now();
  const [draft, setDraft] = useState({
    from: toLocalInput(from ? Number(from) : now - 3_600_000),
    to: toLocalInput(to ? Number(to) : now),
  });
  const draftValid = Date.parse(draft.from) < Date.parse(draft.to);
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
      <TextField
        select
        size="small"
        label="Time range"
        value={range}
        sx={{ minWidth: 120 }}
        slotProps={{ select: { inputProps: { 'data-testid': 'range-select' } } }}
        onChange={(e) => {
          if (e.target.value === 'custom') setAnchor(document.getElementById('range-anchor'));
          else update({ range: e.target.value });
        }}
      >
        {RANGE_OPTIONS.map((r) => (
          <MenuItem key={r} value={r}>
            {r === 'custom' ? 'Custom…' : `Last ${r}`}
          </MenuItem>
        ))}
      </TextField>
      <span id="range-anchor" />
      <Popover
        open={anchor !== null}
        anchorEl={anchor}
        onClose={() => setAnchor(null)}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'left' }}
      >
        <Stack spacing={2} sx={{ p: 2, width: 280 }}>
          <TextField
            type="datetime-local"
            label="From"
            value={draft.from}
            onChange={(e) => setDraft({ ...draft, from: e.target.value })}
            slotProps={{ inputLabel: { shrink: true } }}
          />
          <TextField
            type="datetime-local"
            label="To"
            value={draft.to}
            onChange={(e) => setDraft({ ...draft, to: e.target.value })}
            slotProps={{ inputLabel: { shrink: true } }}
            error={!draftValid}
            helperText={draftValid ? ' ' : 'From must be before To'}
          />
          <Button
            variant="contained"
            disabled={!draftValid}
            onClick={() => {
              update({ range: 'custom', from: String(Date.parse(draft.from)), to: String(Date.parse(draft.to)) });
              setAnchor(null);
            }}
          >
            Apply
          </Button>
        </Stack>
      </Popover>
      <TextField
        select
        size="small"
        label="Auto-refresh"
        value={refresh}
        sx={{ minWidth: 110 }}
        onChange={(e) => update({ refresh: e.target.value === 'off' ? undefined : e.target.value })}
      >
        {Object.keys(REFRESH_OPTIONS).map((r) => (
          <MenuItem key={r} value={r}>
            {r === 'off' ? 'Off' : `Every ${r}`}
          </MenuItem>
        ))}
      </TextField>
    </Stack>
  );
}
