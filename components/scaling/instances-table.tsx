'use client';
// The fleet's instances as the provider runs them (processes, or a Deployment's pods), with CPU and
// memory as measured from /proc or read from the metrics API.
import Chip from '@mui/material/Chip';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Tooltip from '@mui/material/Tooltip';
import { bytes, pct } from '@/components/common/format';
import type { InstanceView } from '@/lib/fleet/views';

const STATE_COLOR = {
  running: 'success',
  starting: 'info',
  stopping: 'warning',
  stopped: 'default',
  backoff: 'error',
  failed: 'error',
} as const;

export function InstancesTable({ instances }: { instances: InstanceView[] }) {
  return (
    <Table size="small" aria-label="Instances">
      <TableHead>
        <TableRow>
          <TableCell>Instance</TableCell>
          <TableCell>State</TableCell>
          <TableCell align="right">PID</TableCell>
          <TableCell align="right">Address</TableCell>
          <TableCell align="right">CPU</TableCell>
          <TableCell align="right">Memory</TableCell>
          <TableCell align="right">Restarts</TableCell>
          <TableCell>Last exit</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {instances.map((i) => (
          <TableRow key={i.id}>
            <TableCell sx={{ fontFamily: 'monospace' }}>{i.id}</TableCell>
            <TableCell>
              <Tooltip
                title={
                  i.state === 'backoff' && i.nextStartAt
                    ? `next start ${new Date(i.nextStartAt).toLocaleTimeString()}`
                    : ''
                }
              >
                <Chip size="small" color={STATE_COLOR[i.state]} label={i.state} />
              </Tooltip>
            </TableCell>
            <TableCell align="right">{i.pid ?? '—'}</TableCell>
            <TableCell align="right">{i.host ? `${i.host}:${i.port}` : i.port}</TableCell>
            <TableCell align="right">{i.cpuPct === null ? '—' : pct(i.cpuPct)}</TableCell>
            <TableCell align="right">{i.rssBytes === null ? '—' : bytes(i.rssBytes)}</TableCell>
            <TableCell align="right">{i.restarts}</TableCell>
            <TableCell>
              {i.lastExit ? (
                <Tooltip
                  title={
                    <pre style={{ margin: 0, whiteSpace: 'pre-wrap' }}>
                      {i.output.slice(-10).join('\n') || 'no output'}
                    </pre>
                  }
                >
                  <span>
                    {i.lastExit.signal ?? `code ${i.lastExit.code}`} at {new Date(i.lastExit.at).toLocaleTimeString()}
                  </span>
                </Tooltip>
              ) : (
                '—'
              )}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
