'use client';
// Every backend of the proxy: address, pool, weight (editable), health, breaker, load and
// latency; enable, disable, drain (and remove servers added by address), each one click.
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Tooltip from '@mui/material/Tooltip';
import { useState } from 'react';
import { ConfirmDialog } from '@/components/common/confirm-dialog';
import { ms, perSec } from '@/components/common/format';
import { useAction } from '@/components/common/use-action';
import { mutate } from '@/lib/client/fetcher';
import type { BackendView } from '@/lib/fleet/views';
import { backendState } from './topology';

const lb = (body: object) => mutate('PUT', '/api/optimization/load-balancer', body);

function WeightField({ b, onSave }: { b: BackendView; onSave: (w: number) => void }) {
  const [w, setW] = useState(String(b.weight));
  const n = Number(w);
  const ok = Number.isInteger(n) && n >= 1 && n <= 100;
  return (
    <TextField
      size="small"
      type="number"
      value={w}
      error={!ok}
      onChange={(e) => setW(e.target.value)}
      onBlur={() => ok && n !== b.weight && onSave(n)}
      onKeyDown={(e) => e.key === 'Enter' && ok && n !== b.weight && onSave(n)}
      slotProps={{ htmlInput: { 'aria-label': `Weight of ${b.id}`, min: 1, max: 100 } }}
      sx={{ width: 80 }}
    />
  );
}

export function ServersTable({ backends, reload }: { backends: BackendView[]; reload: () => unknown }) {
  const act = useAction(reload);
  const [removing, setRemoving] = useState<string | null>(null);
  return (
    <>
      <Table size="small" aria-label="Servers">
        <TableHead>
          <TableRow>
            <TableCell>Server</TableCell>
            <TableCell>Address</TableCell>
            <TableCell>Pool</TableCell>
            <TableCell>Weight</TableCell>
            <TableCell>State</TableCell>
            <TableCell>Breaker</TableCell>
            <TableCell align="right">Active</TableCell>
            <TableCell align="right">Rate</TableCell>
            <TableCell align="right">p50 / p95</TableCell>
            <TableCell align="right">Errors</TableCell>
            <TableCell />
          </TableRow>
        </TableHead>
        <TableBody>
          {backends.map((b) => {
            const s = backendState(b);
            const last = b.history.at(-1);
            return (
              <TableRow key={b.id}>
                <TableCell sx={{ fontFamily: 'monospace' }}>
                  {b.id}
                  {b.source === 'manual' && <Chip size="small" variant="outlined" label="added" sx={{ ml: 1 }} />}
                </TableCell>
                <TableCell>
                  {b.host}:{b.port}
                  {b.region ? ` · ${b.region}` : ''}
                </TableCell>
                <TableCell>{b.pool}</TableCell>
                <TableCell>
                  <WeightField
                    key={b.weight}
                    b={b}
                    onSave={(weight) =>
                      void act(
                        () => lb({ action: 'set-weight', serverId: b.id, weight }),
                        `Weight of ${b.id} is ${weight}`,
                      )
                    }
                  />
                </TableCell>
                <TableCell>
                  <Tooltip
                    title={`${b.health.lastError ?? 'last check passed'}${last ? ` · checked ${new Date(last.at).toLocaleTimeString()}` : ''}${b.ejectedUntil ? ` · ejected until ${new Date(b.ejectedUntil).toLocaleTimeString()}` : ''}`}
                  >
                    <Chip size="small" label={s.label} sx={{ bgcolor: s.color, color: '#fff' }} />
                  </Tooltip>
                </TableCell>
                <TableCell>
                  <Tooltip
                    title={
                      b.breaker.transitions
                        .slice(-5)
                        .map((t) => `${new Date(t.at).toLocaleTimeString()} ${t.from} → ${t.to}: ${t.reason}`)
                        .join('\n') || 'never tripped'
                    }
                  >
                    <span>{b.breaker.state}</span>
                  </Tooltip>
                </TableCell>
                <TableCell align="right">{b.active}</TableCell>
                <TableCell align="right">{perSec(b.rps)}</TableCell>
                <TableCell align="right">{b.p50 === null ? '—' : `${ms(b.p50)} / ${ms(b.p95 ?? 0)}`}</TableCell>
                <TableCell align="right">{b.errors}</TableCell>
                <TableCell>
                  <Stack direction="row" spacing={0.5}>
                    {b.enabled && !b.draining ? (
                      <>
                        <Button
                          size="small"
                          onClick={() => void act(() => lb({ action: 'drain', serverId: b.id }), `${b.id} drained`)}
                        >
                          Drain
                        </Button>
                        <Button
                          size="small"
                          onClick={() => void act(() => lb({ action: 'disable', serverId: b.id }), `${b.id} disabled`)}
                        >
                          Disable
                        </Button>
                      </>
                    ) : (
                      <Button
                        size="small"
                        onClick={() => void act(() => lb({ action: 'enable', serverId: b.id }), `${b.id} enabled`)}
                      >
                        Enable
                      </Button>
                    )}
                    {b.source === 'manual' && (
                      <Button size="small" color="error" onClick={() => setRemoving(b.id)}>
                        Remove
                      </Button>
                    )}
                  </Stack>
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
      <ConfirmDialog
        open={removing !== null}
        title={`Remove ${removing}?`}
        confirmLabel="Remove"
        danger
        onConfirm={() => {
          const id = removing;
          setRemoving(null);
          if (id) void act(() => lb({ action: 'remove-server', serverId: id }), `${id} removed`);
        }}
        onClose={() => setRemoving(null)}
      >
        It is drained first: requests in flight finish, new ones go elsewhere.
      </ConfirmDialog>
    </>
  );
}
