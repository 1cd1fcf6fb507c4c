'use client';
// Optimization → Assets: the image inventory (filter, sort, select), one-click optimization of
// the selection or of everything not yet optimized as a background job (progress, cancel),
// tags and critical marks, and before/after.
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Checkbox from '@mui/material/Checkbox';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TableSortLabel from '@mui/material/TableSortLabel';
import TextField from '@mui/material/TextField';
import { useCallback, useMemo, useState } from 'react';
import { EmptyState } from '@/components/common/empty-state';
import { bytes } from '@/components/common/format';
import { useNotify } from '@/components/common/notifier';
import { SectionCard } from '@/components/common/section-card';
import { upload } from '@/lib/client/fetcher';
import { useAssets } from '@/lib/hooks/use-assets';
import { useImageJobs } from '@/lib/hooks/use-image-jobs';
import type { Asset } from '@/lib/images/inventory';
import { AssetMarkDialog } from './asset-mark-dialog';
import { CompareDialog } from './compare-dialog';
import { JobProgress, startJob } from './job-progress';
import { type AssetSortKey, optimizeRequests, sortAssets } from './assets-logic';

export function AssetsPanel() {
  const { data, error, isLoading, mutate: reload } = useAssets();
  const { data: jobs, mutate: reloadJobs } = useImageJobs();
  const notify = useNotify();
  const [filter, setFilter] = useState('');
  const [sort, setSort] = useState<{ key: AssetSortKey; dir: 'asc' | 'desc' }>({ key: 'bytes', dir: 'desc' });
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [compare, setCompare] = useState<Asset | null>(null);
  const [marking, setMarking] = useState<Asset | null>(null);
  const [started, setStarted] = useState<ReadonlySet<string>>(new Set());
  const busy = (jobs?.jobs ?? []).some((j) => j.status === 'queued' || j.status === 'running');

  const assets = useMemo(
    () =>
      sortAssets(
        (data?.assets ?? []).filter((a) => a.src.toLowerCase().includes(filter.toLowerCase())),
        sort.key,
        sort.dir,
      ),
    [data, filter, sort],
  );
  const onFinished = useCallback(() => void reload(), [reload]);

  async function run(list: Asset[]) {
    try {
      const job = await startJob(optimizeRequests(list));
      setStarted((prev) => new Set(prev).add(job.id));
      setSelected(new Set());
      await reloadJobs();
    } catch (e) {
      notify((e as Error).message, 'error');
    }
  }

  const [uploading, setUploading] = useState(false);
  async function onUpload(files: FileList | null) {
    if (!files?.length) return;
    const form = new FormData();
    for (const f of Array.from(files)) form.append('file', f);
    setUploading(true);
    try {
      const r = await upload<{ uploaded: { src: string }[] }>('/api/optimization/assets', form);
      notify(`Uploaded ${r.uploaded.map((u) => u.src).join(', ')}`, 'success');
      await reload();
    } catch (e) {
      notify((e as Error).message, 'error');
    } finally {
      setUploading(false);
    }
  }

  const header = (key: AssetSortKey, label: string, numeric = false) => (
    <TableCell align={numeric ? 'right' : 'left'} sortDirection={sort.key === key ? sort.dir : false}>
      <TableSortLabel
        active={sort.key === key}
        direction={sort.key === key ? sort.dir : 'asc'}
        onClick={() => setSort({ key, dir: sort.key === key && sort.dir === 'desc' ? 'asc' : 'desc' })}
      >
        {label}
      </TableSortLabel>
    </TableCell>
  );

  const unoptimized = (data?.assets ?? []).filter((a) => a.variants === 0 && a.format !== null);
  return (
    <SectionCard
      title="Assets"
      subheader="Images under the media root and public/, with their measured size and the variants made from them"
      action={
        <Stack direction="row" spacing={1}>
          <Button variant="text" component="label" disabled={uploading}>
            {uploading ? 'Uploading…' : 'Upload images'}
            <input
              hidden
              type="file"
              accept="image/*"
              multiple
              onChange={(e) => void onUpload(e.target.files)}
              aria-label="Upload images"
            />
          </Button>
          <Button
            variant="outlined"
            disabled={!selected.size || busy}
            onClick={() => void run(assets.filter((a) => selected.has(a.src)))}
          >
            Optimize selected ({selected.size})
          </Button>
          <Button variant="contained" disabled={!unoptimized.length || busy} onClick={() => void run(unoptimized)}>
            Optimize all unoptimized ({unoptimized.length})
          </Button>
        </Stack>
      }
    >
      <JobProgress onFinished={onFinished} started={started} />
      {error && <Alert severity="error">{(error as Error).message}</Alert>}
      {isLoading && <LinearProgress aria-label="Loading assets" />}
      {data && data.assets.length === 0 && (
        <EmptyState title="No images found">
          Put images under the media root (MEDIA_ROOT, default ./data/media) or public/; they are listed here with their
          size and variants.
        </EmptyState>
      )}
      {data && data.assets.length > 0 && (
        <>
          <TextField
            size="small"
            label="Filter by path"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            sx={{ mb: 1, width: 320 }}
          />
          {data.truncated && <Alert severity="info">Only the first 5,000 images are listed.</Alert>}
          <Table size="small" aria-label="Image assets">
            <TableHead>
              <TableRow>
                <TableCell padding="checkbox">
                  <Checkbox
                    checked={assets.length > 0 && assets.every((a) => selected.has(a.src))}
                    onChange={(e) => setSelected(e.target.checked ? new Set(assets.map((a) => a.src)) : new Set())}
                    slotProps={{ input: { 'aria-label': 'Select all shown' } }}
                  />
                </TableCell>
                {header('src', 'Source')}
                {header('format', 'Format')}
                {header('pixels', 'Dimensions', true)}
                {header('bytes', 'Bytes', true)}
                {header('variants', 'Variants', true)}
                {header('saved', 'Saved (smallest variant)', true)}
                <TableCell />
              </TableRow>
            </TableHead>
            <TableBody>
              {assets.map((a) => (
                <TableRow key={`${a.root}:${a.src}`} hover selected={selected.has(a.src)}>
                  <TableCell padding="checkbox">
                    <Checkbox
                      checked={selected.has(a.src)}
                      onChange={(e) => {
                        const next = new Set(selected);
                        if (e.target.checked) next.add(a.src);
                        else next.delete(a.src);
                        setSelected(next);
                      }}
                      slotProps={{ input: { 'aria-label': `Select ${a.src}` } }}
                    />
                  </TableCell>
                  <TableCell>
                    <Box component="span" sx={{ fontFamily: 'monospace' }}>
                      {a.src}
                    </Box>
                    {a.critical && <Chip size="small" color="primary" label="critical" sx={{ ml: 1 }} />}
                    {a.tags.map((t) => (
                      <Chip key={t} size="small" variant="outlined" label={t} sx={{ ml: 0.5 }} />
                    ))}
                  </TableCell>
                  <TableCell>{a.format ?? 'unreadable'}</TableCell>
                  <TableCell align="right">{a.width && a.height ? `${a.width}×${a.height}` : '—'}</TableCell>
                  <TableCell align="right">{bytes(a.bytes)}</TableCell>
                  <TableCell align="right">{a.variants}</TableCell>
                  <TableCell align="right">
                    {a.savedBytes === null
                      ? '—'
                      : `${bytes(a.savedBytes)} (${Math.round((a.savedBytes / a.bytes) * 100)}%)`}
                  </TableCell>
                  <TableCell>
                    <Button size="small" disabled={a.format === null} onClick={() => setCompare(a)}>
                      Compare
                    </Button>
                    <Button size="small" onClick={() => setMarking(a)} aria-label={`Tags of ${a.src}`}>
                      Tags
                    </Button>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </>
      )}
      <CompareDialog asset={compare} onClose={() => setCompare(null)} />
      <AssetMarkDialog asset={marking} onClose={() => setMarking(null)} onSaved={onFinished} />
    </SectionCard>
  );
}
