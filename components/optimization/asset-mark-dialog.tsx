'use client';
// An asset's tags (purge by tag; sent as Cache-Tag / Surrogate-Key) and critical mark (preload).
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import TextField from '@mui/material/TextField';
import { useEffect, useState } from 'react';
import { useNotify } from '@/components/common/notifier';
import { mutate } from '@/lib/client/fetcher';
import type { Asset } from '@/lib/images/inventory';

export function AssetMarkDialog({
  asset,
  onClose,
  onSaved,
}: {
  asset: Asset | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const notify = useNotify();
  const [tags, setTags] = useState('');
  const [critical, setCritical] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setTags(asset?.tags.join(', ') ?? '');
    setCritical(asset?.critical ?? false);
    setError(null);
  }, [asset]);
  async function save() {
    if (!asset) return;
    try {
      const list = tags.split(/[\s,]+/).filter(Boolean);
      await mutate('PUT', '/api/optimization/assets', { src: asset.src, tags: list, critical });
      notify(`Saved ${asset.src}`, 'success');
      onSaved();
      onClose();
    } catch (e) {
      const details = (e as { details?: { path: string; message: string }[] }).details;
      setError(Array.isArray(details) ? details.map((d) => d.message).join('; ') : (e as Error).message);
    }
  }
  return (
    <Dialog open={asset !== null} onClose={onClose} aria-labelledby="asset-mark-title">
      <DialogTitle id="asset-mark-title">Tags and preload: {asset?.src}</DialogTitle>
      <DialogContent>
        <TextField
          autoFocus
          fullWidth
          margin="dense"
          label="Tags"
          placeholder="hero, home"
          value={tags}
          onChange={(e) => setTags(e.target.value)}
          error={error !== null}
          helperText={
            error ?? 'Comma-separated. Delivery responses carry them as Cache-Tag / Surrogate-Key; purge by tag below.'
          }
        />
        <FormControlLabel
          control={<Checkbox checked={critical} onChange={(e) => setCritical(e.target.checked)} />}
          label="Critical: list in the preload Link header (action=preload)"
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="contained" onClick={() => void save()}>
          Save
        </Button>
      </DialogActions>
    </Dialog>
  );
}
