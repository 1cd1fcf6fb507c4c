'use client';
// Profiling → Overview: repeated calls (N+1) in the traces services sent — the same statement or
// outbound call made again and again within one request, found in the newest traces of the range,
// each with the trace that has the most of them to open.
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Skeleton from '@mui/material/Skeleton';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { CsvButton } from '@/components/common/csv-button';
import { ms } from '@/components/common/format';
import { SectionCard } from '@/components/common/section-card';
import { useTimeRange } from '@/lib/hooks/use-time-range';
import { useTraceRepeats } from '@/lib/hooks/use-tracing';

export function TraceRepeatsCard() {
  const { apiQuery, refreshMs } = useTimeRange();
  const { data, error } = useTraceRepeats(apiQuery, refreshMs);
  const repeats = data?.repeats ?? [];
  return (
    <SectionCard
      title="Calls repeated within one request in received traces (N+1)"
      subheader={
        data
          ? `From the newest ${data.tracesRead} traces of the range with five client spans or more${data.stoppedAfter ? ' (more were not read)' : ''}`
          : 'Traces sent to /v1/traces'
      }
      action={
        <CsvButton
          filename="trace-repeats"
          header={['service', 'kind', 'call', 'traces', 'most in one', 'total ms', 'waited ms', 'trace']}
          rows={() =>
            repeats.map((r) => [
              r.service,
              r.kind,
              r.key,
              r.traces,
              r.maxCount,
              Math.round(r.totalUs / 1000),
              Math.round(r.wallUs / 1000),
              r.exampleTraceId,
            ])
          }
        />
      }
    >
      {error && (
        <Typography variant="body2" color="error">
          {(error as Error).message}
        </Typography>
      )}
      {!data && !error && <Skeleton variant="rounded" height={80} />}
      {data && repeats.length === 0 && (
        <Typography variant="body2" color="text.secondary" data-testid="no-trace-repeats">
          None in this range.
        </Typography>
      )}
      {repeats.length > 0 && (
        <Table size="small" data-testid="trace-repeats">
          <TableHead>
            <TableRow>
              <TableCell>Service</TableCell>
              <TableCell>Call</TableCell>
              <TableCell align="right">Most in one trace</TableCell>
              <TableCell align="right">Traces</TableCell>
              <TableCell align="right">Time waited</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {repeats.slice(0, 20).map((r) => (
              <TableRow key={`${r.service}-${r.kind}-${r.key}`}>
                <TableCell>{r.service}</TableCell>
                <TableCell
                  sx={{
                    fontFamily: 'monospace',
                    fontSize: 12,
                    maxWidth: 420,
                    overflow: 'hidden',
                    textOverflow: 'ellipsis',
                  }}
                  title={r.key}
                >
                  {r.key} {r.concurrent && <Chip size="small" label="concurrent" />}
                </TableCell>
                <TableCell align="right">{r.maxCount}</TableCell>
                <TableCell align="right">{r.traces}</TableCell>
                <TableCell align="right">{ms(r.wallUs / 1000)}</TableCell>
                <TableCell>
                  <Button size="small" href={`/profiling/tracing?trace=${r.exampleTraceId}&${apiQuery}`}>
                    Open trace
                  </Button>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </SectionCard>
  );
}
