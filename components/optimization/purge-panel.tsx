'use client';
// Purge cached variants by path, prefix, tag or everything (every instance drops them, and the
// configured CDN edge), behind a confirmation; the result says what was dropped. Below: the edge
// provider's setup and the history of edge purges.
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
import { useCdnPurges } from '@/lib/hooks/use-cdn-purges';
import { EdgeStatus } from './edge-status';

type PurgeType = 'path' | 'prefix' | 'tag' | 'all';

export function PurgePanel({ onPurged }: { onPurged: () => void }) {
  const notify = useNotify();
  const [type, setType] = useState<PurgeType>('path');
  const [path, setPath] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [last, setLast] = useState<string | null>(null);
  const needsPath = type !== 'all';
  const valid = !needsPath || (type === 'tag' ? /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(path) : path.startsWith('/'));
  const { data: edge, mutate: reloadEdge } = useCdnPurges();

  async function purge() {
    setConfirming(false);
    try {
      const q = new URLSearchParams({ type, ...(type === 'tag' ? { tag: path } : needsPath ? { path } : {}) });
      const r = await mutate<{ variants: number; sources: number }>('DELETE', `/api/optimization/cdn?${q}`);
      const text = `Purged ${r.variants} variants of ${r.sources} sources (${type}${needsPath ? ` ${path}` : ''}) at ${new Date().toLocaleTimeString()}`;
      setLast(text);
      notify(text, 'success');
      onPurged();
      setTimeout(() => void reloadEdge(), 1_000); // the edge purge is queued within the provider's rate
    } catch (e) {
      notify((e as Error).message, 'error');
    }
  }

  return (
    <SectionCard
      title="Purge cached variants"
      subheader="Every instance drops them; they are encoded again on the next request"
    >
      <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-start' }}>
        <TextField
          select
          size="small"
          label="Type"
          value={type}
          onChange={(e) => setType(e.target.value as PurgeType)}
          sx={{ width: 140 }}
        >
          <MenuItem value="path">Path</MenuItem>
          <MenuItem value="prefix">Prefix</MenuItem>
          <MenuItem value="tag">Tag</MenuItem>
          <MenuItem value="all">Everything</MenuItem>
        </TextField>
        {needsPath && (
          <TextField
            size="small"
            label={type === 'path' ? 'Source path' : type === 'tag' ? 'Tag' : 'Path prefix'}
            placeholder={type === 'path' ? '/photos/hero.jpg' : type === 'tag' ? 'hero' : '/photos/'}
            value={path}
            onChange={(e) => setPath(e.target.value)}
            error={path !== '' && !valid}
            helperText={
              path !== '' && !valid
                ? type === 'tag'
                  ? 'Letters, digits, _ . - (tags are set per asset above)'
                  : 'Starts with /'
                : ' '
            }
            sx={{ width: 320 }}
          />
        )}
        <Button
          variant="outlined"
          color="warning"
          disabled={!valid || (needsPath && !path)}
          onClick={() => setConfirming(true)}
        >
          Purge
        </Button>
      </Stack>
      {last && <Typography variant="body2">{last}</Typography>}
      <EdgeStatus edge={edge} />
      <ConfirmDialog
        open={confirming}
        title="Purge cached variants?"
        confirmLabel="Purge"
        danger
        onConfirm={() => void purge()}
        onClose={() => setConfirming(false)}
      >
        {type === 'all'
          ? 'Every cached variant is dropped on every instance.'
          : `The variants of ${type === 'path' ? path : type === 'tag' ? `the assets tagged “${path}”` : `everything under ${path}`} are dropped on every instance.`}{' '}
        The next requests encode them again.
      </ConfirmDialog>
    </SectionCard>
  );
}
