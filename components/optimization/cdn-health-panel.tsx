'use client';
// Multi-CDN health: each target in failover order with its state, latency, 24 h uptime and the
// last probes; the active target is the first one up.
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Tooltip from '@mui/material/Tooltip';
import { EmptyState } from '@/components/common/empty-state';
import { ms, pct, when } from '@/components/common/format';
import { SectionCard } from '@/components/common/section-card';
import { useCdnHealth } from '@/lib/hooks/use-cdn-health';

const COLOR = { up: 'success', down: 'error', unknown: 'default' } as const;

export function CdnHealthPanel() {
  const { data, error } = useCdnHealth();
  return (
    <SectionCard
      title="CDN health"
      subheader={
        data
          ? `Probed every ${Math.round(data.intervalMs / 1000)} s in failover order; the active target is the first one up`
          : undefined
      }
    >
      {error && <Alert severity="error">{(error as Error).message}</Alert>}
      {data && !data.enabled && <Alert severity="info">Health checks are off (CDN_HEALTH_CHECK_ENABLED=false).</Alert>}
      {data && data.targets.length === 0 && (
        <EmptyState title="No health targets">
          Set CDN_HEALTH_TARGETS to name=url probes in failover order, e.g.
          primary=https://cdn1.example.com/health,backup=https://cdn2.example.com/health.
        </EmptyState>
      )}
      {data && data.targets.length > 0 && (
        <Table size="small" aria-label="CDN health targets">
          <TableHead>
            <TableRow>
              <TableCell>#</TableCell>
              <TableCell>Target</TableCell>
              <TableCell>State</TableCell>
              <TableCell align="right">Latency</TableCell>
              <TableCell align="right">Uptime 24 h</TableCell>
              <TableCell>Last probe</TableCell>
              <TableCell>History (newest first)</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {data.targets.map((t) => (
              <TableRow key={t.name}>
                <TableCell>{t.order + 1}</TableCell>
                <TableCell>
                  {t.name}
                  {data.active === t.name && <Chip size="small" color="primary" label="active" sx={{ ml: 1 }} />}
                  <Box component="div" sx={{ fontFamily: 'monospace', fontSize: 12, color: 'text.secondary' }}>
                    {t.url}
                  </Box>
                </TableCell>
                <TableCell>
                  <Chip size="small" color={COLOR[t.state]} label={t.state} />
                  {t.lastError && <Box sx={{ fontSize: 12, color: 'text.secondary' }}>{t.lastError}</Box>}
                </TableCell>
                <TableCell align="right">{t.lastLatencyMs === null ? '—' : ms(t.lastLatencyMs)}</TableCell>
                <TableCell align="right">
                  {t.uptime24h === null ? '—' : `${pct(t.uptime24h * 100)} of ${t.checks24h}`}
                </TableCell>
                <TableCell>{when(t.lastCheckedAt)}</TableCell>
                <TableCell>
                  <Box
                    sx={{ display: 'flex', gap: '2px' }}
                    aria-label={`${t.name}: ${t.history.filter((h) => h.ok).length} of ${t.history.length} recent probes up`}
                  >
                    {t.history.map((h) => (
                      <Tooltip
                        key={h.at}
                        title={`${when(h.at)}: ${h.ok ? `up${h.latencyMs === null ? '' : `, ${ms(h.latencyMs)}`}` : (h.error ?? 'down')}`}
                      >
                        <Box
                          sx={{
                            width: 6,
                            height: 16,
                            borderRadius: 0.5,
                            bgcolor: h.ok ? 'success.main' : 'error.main',
                          }}
                        />
                      </Tooltip>
                    ))}
                  </Box>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </SectionCard>
  );
}
