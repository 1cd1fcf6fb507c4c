'use client';
// Search results: each trace's duration over time (a click opens it) and the list, with CSV; with
// a trace open, any other can be compared with it.
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import { useTheme } from '@mui/material/styles';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import { CartesianGrid, Legend, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';
import { scatterStyles } from './scatter-style';
import { CsvButton } from '@/components/common/csv-button';
import { ms } from '@/components/common/format';
import type { TraceSummary } from '@/lib/tracing/model';

const time = (us: number) => new Date(us / 1000).toLocaleTimeString();

export function TraceResults({
  traces,
  selected,
  onOpen,
  onCompare,
}: {
  traces: TraceSummary[];
  selected: string | null;
  onOpen: (traceId: string) => void;
  /** set while a trace is open: compare another with it */
  onCompare?: (traceId: string) => void;
}) {
  const theme = useTheme();
  const style = scatterStyles({ info: theme.palette.info.main, error: theme.palette.error.main });
  const points = traces.map((t) => ({ t: t.startUs / 1000, ms: t.durationUs / 1000, id: t.traceId, errors: t.errors }));
  return (
    <Box>
      <Box sx={{ height: 200 }} data-testid="trace-scatter" aria-label="Trace durations over time">
        <ResponsiveContainer>
          <ScatterChart margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" stroke={theme.palette.divider} />
            <XAxis
              dataKey="t"
              type="number"
              domain={['dataMin', 'dataMax']}
              tickFormatter={(v: number) => new Date(v).toLocaleTimeString()}
              stroke={theme.palette.text.secondary}
            />
            <YAxis dataKey="ms" type="number" unit=" ms" stroke={theme.palette.text.secondary} width={70} />
            <Tooltip
              formatter={(v) => (typeof v === 'number' ? ms(v) : String(v))}
              labelFormatter={() => ''}
              cursor={{ strokeDasharray: '3 3' }}
            />
            <Legend verticalAlign="top" height={24} />
            <Scatter
              data={points.filter((p) => !p.errors)}
              name={style.ok.name}
              fill={style.ok.fill}
              shape={style.ok.shape}
              onClick={(p: { payload?: { id: string } }) => p.payload && onOpen(p.payload.id)}
              cursor="pointer"
            />
            <Scatter
              data={points.filter((p) => p.errors)}
              name={style.error.name}
              fill={style.error.fill}
              shape={style.error.shape}
              onClick={(p: { payload?: { id: string } }) => p.payload && onOpen(p.payload.id)}
              cursor="pointer"
            />
          </ScatterChart>
        </ResponsiveContainer>
      </Box>
      <Box sx={{ display: 'flex', justifyContent: 'flex-end' }}>
        <CsvButton
          filename="traces"
          header={['trace id', 'root service', 'root operation', 'start', 'duration ms', 'spans', 'errors', 'services']}
          rows={() =>
            traces.map((t) => [
              t.traceId,
              t.rootService,
              t.rootName,
              new Date(t.startUs / 1000).toISOString(),
              t.durationUs / 1000,
              t.spans,
              t.errors,
              t.services.map((s) => s.service).join(' '),
            ])
          }
        />
      </Box>
      <Table size="small" data-testid="trace-results">
        <TableHead>
          <TableRow>
            <TableCell>Trace</TableCell>
            <TableCell>Started</TableCell>
            <TableCell align="right">Duration</TableCell>
            <TableCell align="right">Spans</TableCell>
            <TableCell>Services</TableCell>
            {onCompare && <TableCell />}
          </TableRow>
        </TableHead>
        <TableBody>
          {traces.map((t) => (
            <TableRow
              key={t.traceId}
              hover
              selected={t.traceId === selected}
              onClick={() => onOpen(t.traceId)}
              onKeyDown={(e) => e.key === 'Enter' && onOpen(t.traceId)}
              tabIndex={0}
              sx={{ cursor: 'pointer' }}
            >
              <TableCell>
                <Box component="span" sx={{ fontWeight: 500 }}>
                  {t.rootService}: {t.rootName}
                </Box>
                <Box component="span" sx={{ ml: 1, color: 'text.secondary', fontFamily: 'monospace', fontSize: 12 }}>
                  {t.traceId.slice(0, 8)}
                </Box>
                {t.errors > 0 && (
                  <Chip
                    size="small"
                    color="error"
                    label={`${t.errors} error${t.errors > 1 ? 's' : ''}`}
                    sx={{ ml: 1 }}
                  />
                )}
              </TableCell>
              <TableCell>{time(t.startUs)}</TableCell>
              <TableCell align="right">{ms(t.durationUs / 1000)}</TableCell>
              <TableCell align="right">{t.spans}</TableCell>
              <TableCell>
                {t.services.map((s) => (
                  <Chip
                    key={s.service}
                    size="small"
                    variant="outlined"
                    label={`${s.service} ${s.spans}`}
                    sx={{ mr: 0.5 }}
                  />
                ))}
              </TableCell>
              {onCompare && (
                <TableCell align="right">
                  {t.traceId !== selected && (
                    <Button
                      size="small"
                      onClick={(e) => {
                        e.stopPropagation();
                        onCompare(t.traceId);
                      }}
                    >
                      Compare
                    </Button>
                  )}
                </TableCell>
              )}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}
