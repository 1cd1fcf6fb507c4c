'use client';
// Two traces by operation (service and span name): which ran in one only, how often each ran in
// each, and how its time changed, largest change first; downloadable as CSV.
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { CsvButton } from '@/components/common/csv-button';
import { ms } from '@/components/common/format';
import type { OperationDiff, TraceComparison } from '@/lib/tracing/compare';

const CHANGE_COLOUR = { added: 'warning', removed: 'info', changed: 'secondary', same: 'default' } as const;
const signedMs = (us: number) => `${us > 0 ? '+' : us < 0 ? '−' : '±'}${ms(Math.abs(us) / 1000)}`;

export function TraceCompare({ comparison: c }: { comparison: TraceComparison }) {
  const differing = c.operations.filter((o) => o.change !== 'same');
  return (
    <Box data-testid="trace-compare">
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ mb: 1 }}>
        {(['a', 'b'] as const).map((side) => (
          <Typography key={side} variant="body2">
            <strong>{side.toUpperCase()}</strong> {c[side].rootService}: {c[side].rootName} ·{' '}
            {ms(c[side].durationUs / 1000)} · {c[side].spans} spans{' '}
            <Box component="span" sx={{ fontFamily: 'monospace', color: 'text.secondary' }}>
              {c[side].traceId.slice(0, 8)}
            </Box>
          </Typography>
        ))}
        <Box sx={{ flex: 1 }} />
        <Typography variant="body2" data-testid="compare-delta">
          B − A: <strong>{signedMs(c.durationDeltaUs)}</strong> · {differing.length} of {c.operations.length} operations
          differ
        </Typography>
        <CsvButton
          filename={`compare-${c.a.traceId.slice(0, 8)}-${c.b.traceId.slice(0, 8)}`}
          header={['service', 'operation', 'change', 'count A', 'count B', 'total ms A', 'total ms B', 'delta ms']}
          rows={() =>
            c.operations.map((o) => [
              o.service,
              o.name,
              o.change,
              o.countA,
              o.countB,
              o.totalUsA / 1000,
              o.totalUsB / 1000,
              (o.totalUsB - o.totalUsA) / 1000,
            ])
          }
        />
      </Stack>
      <Table size="small">
        <TableHead>
          <TableRow>
            <TableCell>Operation</TableCell>
            <TableCell>Change</TableCell>
            <TableCell align="right">Spans A → B</TableCell>
            <TableCell align="right">Time A</TableCell>
            <TableCell align="right">Time B</TableCell>
            <TableCell align="right">B − A</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {c.operations.map((o: OperationDiff) => (
            <TableRow key={`${o.service}\u0000${o.name}`} data-change={o.change}>
              <TableCell>
                <Box component="span" sx={{ color: 'text.secondary' }}>
                  {o.service}:
                </Box>{' '}
                {o.name}
              </TableCell>
              <TableCell>
                <Chip size="small" label={o.change} color={CHANGE_COLOUR[o.change]} variant="outlined" />
              </TableCell>
              <TableCell align="right">
                {o.countA} → {o.countB}
              </TableCell>
              <TableCell align="right">{o.countA ? ms(o.totalUsA / 1000) : '—'}</TableCell>
              <TableCell align="right">{o.countB ? ms(o.totalUsB / 1000) : '—'}</TableCell>
              <TableCell align="right">{signedMs(o.totalUsB - o.totalUsA)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}
