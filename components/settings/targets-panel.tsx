'use client';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { EmptyState } from '@/components/common/empty-state';
import { ms, when } from '@/components/common/format';
import { SectionCard } from '@/components/common/section-card';
import { useAction } from '@/components/common/use-action';
import { mutate } from '@/lib/client/fetcher';
import { useScrapeTargets } from '@/lib/hooks/use-scrape-targets';

/** Prometheus-format endpoints Redline scrapes, with each one's last outcome. */
export function TargetsPanel() {
  const { data, mutate: reload } = useScrapeTargets();
  const act = useAction(reload);
  const [f, setF] = useState({ name: '', url: '', interval: '15', timeout: '5' });
  return (
    <Stack spacing={2}>
      <SectionCard
        title="Add a scrape target"
        subheader="Any endpoint that serves the Prometheus text format; counters are stored as increments between scrapes"
      >
        <Stack
          direction={{ xs: 'column', md: 'row' }}
          spacing={1}
          component="form"
          onSubmit={async (e) => {
            e.preventDefault();
            const ok = await act(
              () =>
                mutate('POST', '/api/scrape/targets', {
                  name: f.name,
                  url: f.url,
                  intervalMs: Number(f.interval) * 1000,
                  timeoutMs: Number(f.timeout) * 1000,
                }),
              `Target ${f.name} added`,
            );
            if (ok) setF({ name: '', url: '', interval: '15', timeout: '5' });
          }}
        >
          <TextField size="small" label="Name" value={f.name} onChange={(e) => setF({ ...f, name: e.target.value })} />
          <TextField
            size="small"
            label="URL"
            value={f.url}
            sx={{ minWidth: 320 }}
            onChange={(e) => setF({ ...f, url: e.target.value })}
          />
          <TextField
            size="small"
            label="Interval (s)"
            type="number"
            value={f.interval}
            onChange={(e) => setF({ ...f, interval: e.target.value })}
          />
          <TextField
            size="small"
            label="Timeout (s)"
            type="number"
            value={f.timeout}
            onChange={(e) => setF({ ...f, timeout: e.target.value })}
          />
          <Button type="submit" variant="contained" disabled={!f.name || !f.url}>
            Add target
          </Button>
        </Stack>
      </SectionCard>
      {!data?.data.length ? (
        <EmptyState title="No scrape targets">
          Add a service's /metrics endpoint above and its metrics appear in the Performance views.
        </EmptyState>
      ) : (
        <Table size="small" data-testid="targets-table">
          <TableHead>
            <TableRow>
              <TableCell>Name</TableCell>
              <TableCell>URL</TableCell>
              <TableCell>Every / timeout</TableCell>
              <TableCell>Last scrape</TableCell>
              <TableCell>Status</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {data.data.map((t) => (
              <TableRow key={t.id}>
                <TableCell>{t.name}</TableCell>
                <TableCell sx={{ fontFamily: 'monospace', fontSize: 12 }}>{t.url}</TableCell>
                <TableCell>
                  {t.intervalMs / 1000}s / {t.timeoutMs / 1000}s
                </TableCell>
                <TableCell>
                  {when(t.lastScrapeAt)}
                  {t.lastDurationMs != null ? ` · ${ms(t.lastDurationMs)} · ${t.lastSamples ?? 0} samples` : ''}
                </TableCell>
                <TableCell>
                  <Chip
                    size="small"
                    label={t.lastStatus ?? 'not yet'}
                    color={t.lastStatus === 'ok' ? 'success' : t.lastStatus === 'error' ? 'error' : 'default'}
                  />
                  {t.lastError ? <div style={{ fontSize: 12, marginTop: 4 }}>{t.lastError}</div> : null}
                </TableCell>
                <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                  <Button
                    size="small"
                    onClick={() =>
                      act(
                        () => mutate<{ status: string; error?: string }>('POST', `/api/scrape/targets/${t.id}/scrape`),
                        (r) =>
                          r.status === 'ok'
                            ? `Scraped ${t.name}`
                            : { message: `${t.name}: ${r.error}`, severity: 'error' },
                      )
                    }
                  >
                    Scrape now
                  </Button>
                  <Button
                    size="small"
                    color="error"
                    onClick={() => act(() => mutate('DELETE', `/api/scrape/targets/${t.id}`), `Removed ${t.name}`)}
                  >
                    Remove
                  </Button>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Stack>
  );
}
