'use client';
// Purge cached variants by path, prefix or everything (every instance drops them), behind a
// confirmation; the result says what was dropped.
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { ConfirmDialog } from '@/components/common/confirm-dialog';
import { useNotify } from '@/components/common/notifier';
import { SectionCard } from '@/components/common/section-card';
import { mutate } from '@/lib/client/fetcher';

type PurgeType = 'path' | 'prefix' | 'all';

export function PurgePanel({ onPurged }: { onPurged: () => void }) {
  const notify = useNotify();
  const [type, setType] = useState<PurgeType>('path');
  const [path, setPath] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [last, setLast] = useState<string | null>(null);
  const needsPath = type !== 'all';
  const valid = !needsPath || path.startsWith('/');

  async function purge() {
    setConfirming(false);
    try {
      const q = new URLSearchParams({ type, ...(needsPath ? { path } : {}) });
      const r = await mutate<{ variants: number; sources: number }>('DELETE', `/api/optimization/cdn?${q}`);
      const text = `Purged ${r.variants} variants of ${r.sources} sources (${type}${needsPath ? ` ${path}` : ''}) at ${new Date().toLocaleTimeString()}`;
      setLast(text);
      notify(text, 'success');
      onPurged();
    } catch (e) {
      notify((e as Error).message, 'error');
    }
  }

  return (
    <SectionCard title="Purge cached variants" subheader="Every instance drops them; they are encoded again on the next request">
      <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-start' }}>
        <TextField select size="small" label="Type" value={type} onChange={(e) => setType(e.target.value as PurgeType)} sx={{ width: 140 }}>
          <MenuItem value="path">Path</MenuItem>
          <MenuItem value="prefix">Prefix</MenuItem>
          <MenuItem value="all">Everything</MenuItem>
        </TextField>
        {needsPath && (
          <TextField
            size="small"
            label={type === 'path' ? 'Source path' : 'Path prefix'}
            placeholder={type === 'path' ? '/photos/hero.jpg' : '/photos/'}
            value={path}
            onChange={(e) => setPath(e.target.value)}
            error={path !== '' && !valid}
            helperText={path !== '' && !valid ? 'Starts with /' : ' '}
            sx={{ width: 320 }}
          />
        )}
        <Button variant="outlined" color="warning" disabled={!valid || (needsPath && !path)} onClick={() => setConfirming(true)}>
          Purge
        </Button>
      </Stack>
      {last && <Typography variant="body2">{last}</Typography>}
      <ConfirmDialog open={confirming} title="Purge cached variants?" confirmLabel="Purge" danger onConfirm={() => void purge()} onClose={() => setConfirming(false)}>
        {type === 'all' ? 'Every cached variant is dropped on every instance.' : `The variants of ${type === 'path' ? path : `everything under ${path}`} are dropped on every instance.`} The next requests encode them again.
      </ConfirmDialog>
    </SectionCard>
  );
}
