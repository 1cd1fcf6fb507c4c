'use client';
// A trace's log records: ticks on each span's bar where its records were written (coloured by
// severity), and the list under the timeline — a line selects the span it was written in.
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { ms } from '@/components/common/format';
import type { StoredLog } from '@/lib/tracing/log-store';
import type { SpanRecord } from '@/lib/tracing/model';
import { severityName } from '@/lib/tracing/severity';

type ChipColour = 'default' | 'info' | 'warning' | 'error';

export function severityColour(n: number): ChipColour {
  if (n >= 17) return 'error';
  if (n >= 13) return 'warning';
  if (n >= 9) return 'info';
  return 'default';
}

export function SeverityChip({ log }: { log: Pick<StoredLog, 'severityNumber' | 'severityText'> }) {
  return (
    <Chip
      size="small"
      variant="outlined"
      color={severityColour(log.severityNumber)}
      label={log.severityText || severityName(log.severityNumber)}
    />
  );
}

/** Ticks on a span's bar track, one per record, at `x(time)`. */
export function LogMarks({ logs, x }: { logs: readonly StoredLog[]; x: (us: number) => string }) {
  return logs.map((l) => (
    <Box
      key={l.id}
      data-log-mark={severityName(l.severityNumber)}
      title={`${severityName(l.severityNumber)}: ${l.body.slice(0, 200)}`}
      sx={{
        position: 'absolute',
        top: 3,
        height: 22,
        width: 2,
        left: x(l.timeUs),
        bgcolor: (t) =>
          severityColour(l.severityNumber) === 'default'
            ? t.palette.text.secondary
            : t.palette[severityColour(l.severityNumber) as 'info'].main,
      }}
    />
  ));
}

export function TraceLogList({
  logs,
  spans,
  t0,
  truncated,
  onSelect,
}: {
  logs: readonly StoredLog[];
  spans: readonly SpanRecord[];
  t0: number;
  truncated: boolean;
  onSelect: (spanId: string) => void;
}) {
  const names = new Map(spans.map((s) => [s.spanId, s.name]));
  return (
    <Box sx={{ mt: 2 }} data-testid="trace-logs">
      <Typography variant="subtitle2">
        Logs ({logs.length.toLocaleString()}
        {truncated ? ', the first shown' : ''})
      </Typography>
      <Table size="small">
        <TableHead>
          <TableRow>
            <TableCell sx={{ width: 90 }}>at</TableCell>
            <TableCell sx={{ width: 90 }}>severity</TableCell>
            <TableCell sx={{ width: 220 }}>span</TableCell>
            <TableCell>message</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {logs.map((l) => (
            <TableRow
              key={l.id}
              hover
              onClick={l.spanId ? () => onSelect(l.spanId as string) : undefined}
              sx={{ cursor: l.spanId ? 'pointer' : undefined }}
            >
              <TableCell sx={{ fontFamily: 'monospace' }}>+{ms(Math.max(0, l.timeUs - t0) / 1000)}</TableCell>
              <TableCell>
                <SeverityChip log={l} />
              </TableCell>
              <TableCell sx={{ wordBreak: 'break-all' }}>
                {l.spanId ? (names.get(l.spanId) ?? `${l.spanId} (not stored)`) : `${l.service} (no span)`}
              </TableCell>
              <TableCell sx={{ fontFamily: 'monospace', whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                {l.body.length > 2_000 ? `${l.body.slice(0, 2_000)}…` : l.body}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}
