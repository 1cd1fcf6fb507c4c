'use client';
// Stored profiles (captured and imported): view, compare, download in any format, delete; and
// imports of .cpuprofile, .heapprofile, speedscope, pprof or folded stacks from elsewhere.
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import { useRef, useState } from 'react';
import { ConfirmDialog } from '@/components/common/confirm-dialog';
import { CsvButton } from '@/components/common/csv-button';
import { EmptyState } from '@/components/common/empty-state';
import { when } from '@/components/common/format';
import { SectionCard } from '@/components/common/section-card';
import { useAction } from '@/components/common/use-action';
import { mutate, uploadRaw } from '@/lib/client/fetcher';
import { type ProfileListItem, useProfiles } from '@/lib/hooks/use-profiling';

const FORMATS = [
  ['cpuprofile', '.cpuprofile (Chrome DevTools)'],
  ['speedscope', 'speedscope JSON'],
  ['pprof', 'pprof'],
  ['folded', 'folded stacks'],
] as const;

export function ProfilesTable({
  kind,
  onView,
  onCompare,
}: {
  kind: 'cpu' | 'alloc';
  onView: (source: string) => void;
  onCompare: (source: string) => void;
}) {
  const { data, mutate: reload } = useProfiles(kind);
  const act = useAction(reload);
  const file = useRef<HTMLInputElement>(null);
  const [menu, setMenu] = useState<{ el: HTMLElement; id: string } | null>(null);
  const [remove, setRemove] = useState<ProfileListItem | null>(null);
  const rows = data?.data ?? [];
  return (
    <SectionCard
      title={kind === 'cpu' ? 'CPU profiles' : 'Allocation profiles'}
      action={
        <Stack direction="row" spacing={1}>
          {kind === 'cpu' && (
            <>
              <input
                ref={file}
                type="file"
                hidden
                aria-label="Profile file to import"
                onChange={(e) => {
                  const f = e.target.files?.[0];
                  e.target.value = '';
                  if (f)
                    void act(
                      () => uploadRaw(`/api/profiling/import?name=${encodeURIComponent(f.name)}`, f),
                      `Imported ${f.name}`,
                    );
                }}
              />
              <Button size="small" onClick={() => file.current?.click()}>
                Import
              </Button>
            </>
          )}
          <CsvButton
            filename={`${kind}-profiles`}
            header={[
              'name',
              'target',
              'started',
              'seconds',
              'samples of work (idle dropped)',
              'status',
              'top function',
            ]}
            rows={() =>
              rows.map((r) => [
                r.name,
                r.targetLabel,
                r.startedAt,
                r.durationMs / 1000,
                r.samples ?? '',
                r.status,
                r.top[0]?.name ?? '',
              ])
            }
          />
        </Stack>
      }
    >
      {rows.length === 0 ? (
        <EmptyState title="No profiles yet">
          Record one above, or import a .cpuprofile, .heapprofile, speedscope, pprof or folded-stacks file.
        </EmptyState>
      ) : (
        <Table size="small" data-testid={`${kind}-profiles`}>
          <TableHead>
            <TableRow>
              <TableCell>Profile</TableCell>
              <TableCell>Started</TableCell>
              <TableCell align="right" title="Samples of work: idle samples are dropped from every view and download">
                Samples of work
              </TableCell>
              <TableCell>Hottest functions</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map((r) => (
              <TableRow key={r.id}>
                <TableCell>
                  {r.name}
                  {r.status !== 'complete' && (
                    <Chip
                      size="small"
                      sx={{ ml: 1 }}
                      label={r.status}
                      color={r.status === 'failed' ? 'error' : 'default'}
                    />
                  )}
                  {r.error && <div style={{ color: 'var(--mui-palette-error-main)', fontSize: 12 }}>{r.error}</div>}
                </TableCell>
                <TableCell>{when(r.startedAt)}</TableCell>
                <TableCell align="right">{r.samples ?? '—'}</TableCell>
                <TableCell sx={{ fontFamily: 'monospace', fontSize: 12 }}>
                  {r.top
                    .slice(0, 3)
                    .map((t) => `${t.name} ${t.selfPct}%`)
                    .join(', ')}
                </TableCell>
                <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                  <Button size="small" disabled={r.status !== 'complete'} onClick={() => onView(`profile:${r.id}`)}>
                    View
                  </Button>
                  <Button size="small" disabled={r.status !== 'complete'} onClick={() => onCompare(`profile:${r.id}`)}>
                    Baseline
                  </Button>
                  <Button
                    size="small"
                    disabled={r.status !== 'complete'}
                    onClick={(e) => setMenu({ el: e.currentTarget, id: r.id })}
                  >
                    Download
                  </Button>
                  <Button size="small" color="error" disabled={r.status === 'running'} onClick={() => setRemove(r)}>
                    Delete
                  </Button>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <Menu open={!!menu} anchorEl={menu?.el} onClose={() => setMenu(null)}>
        {FORMATS.map(([f, label]) => (
          <MenuItem
            key={f}
            component="a"
            href={`/api/profiling/profiles/${menu?.id}/download?format=${f}`}
            onClick={() => setMenu(null)}
          >
            {label}
          </MenuItem>
        ))}
      </Menu>
      <ConfirmDialog
        open={!!remove}
        title="Delete this profile?"
        confirmLabel="Delete"
        danger
        onClose={() => setRemove(null)}
        onConfirm={() => {
          const r = remove;
          setRemove(null);
          if (r) void act(() => mutate('DELETE', `/api/profiling/profiles/${r.id}`), `Deleted ${r.name}`);
        }}
      >
        {remove?.name} and its file are removed for good.
      </ConfirmDialog>
    </SectionCard>
  );
}
