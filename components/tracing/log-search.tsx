'use client';
// Log records (OTLP /v1/logs) of the time range: by service, lowest severity and text, newest
// first; a record written inside a span opens its trace. Filters live in the URL (log* keys).
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import { type FormEvent, useMemo, useState } from 'react';
import { EmptyState } from '@/components/common/empty-state';
import { useLogSearch, useTraceServices } from '@/lib/hooks/use-tracing';
import { SeverityChip } from './trace-logs';

export const LOG_FILTER_KEYS = ['logService', 'logSeverity', 'logText'] as const;
export type LogFilters = Record<(typeof LOG_FILTER_KEYS)[number], string>;

const SEVERITIES = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;

export function LogSearch({
  apiQuery,
  refreshMs,
  filters,
  onFilters,
  onOpenTrace,
}: {
  apiQuery: string;
  refreshMs: number;
  filters: LogFilters;
  onFilters: (f: LogFilters) => void;
  onOpenTrace: (traceId: string) => void;
}) {
  const [draft, setDraft] = useState(filters);
  const services = useTraceServices();
  const query = useMemo(() => {
    const q = new URLSearchParams(apiQuery);
    if (filters.logService) q.set('service', filters.logService);
    if (filters.logSeverity) q.set('severity', filters.logSeverity);
    if (filters.logText) q.set('text', filters.logText);
    return q.toString();
  }, [apiQuery, filters]);
  const found = useLogSearch(query, refreshMs);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onFilters(draft);
  };
  return (
    <Stack spacing={1}>
      <Stack component="form" direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }} onSubmit={submit}>
        <TextField
          select
          size="small"
          label="Service"
          sx={{ width: 200 }}
          value={draft.logService}
          onChange={(e) => setDraft({ ...draft, logService: e.target.value })}
        >
          <MenuItem value="">any</MenuItem>
          {(services.data?.services ?? []).map((s) => (
            <MenuItem key={s.service} value={s.service}>
              {s.service}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          select
          size="small"
          label="Severity at least"
          sx={{ width: 160 }}
          value={draft.logSeverity}
          onChange={(e) => setDraft({ ...draft, logSeverity: e.target.value })}
        >
          <MenuItem value="">any</MenuItem>
          {SEVERITIES.map((s) => (
            <MenuItem key={s} value={s}>
              {s.toUpperCase()}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          size="small"
          label="Message contains"
          sx={{ width: 260 }}
          value={draft.logText}
          slotProps={{ htmlInput: { maxLength: 500 } }}
          onChange={(e) => setDraft({ ...draft, logText: e.target.value })}
        />
        <Button type="submit" variant="contained">
          Search logs
        </Button>
      </Stack>
      {found.error && <Alert severity="warning">{(found.error as Error).message}</Alert>}
      {found.data?.stoppedAfter && (
        <Alert severity="info">
          The text was looked for in the newest {found.data.stoppedAfter.toLocaleString()} records of the range; narrow
          the range or pick a service to search further back.
        </Alert>
      )}
      {!found.data && !found.error && <Skeleton variant="rounded" height={120} />}
      {found.data && found.data.logs.length === 0 && (
        <EmptyState title="No log records match">
          OpenTelemetry SDKs send logs to <code>/v1/logs</code> with the same endpoint and token as traces; a record
          written inside a span carries its trace and shows on it.
        </EmptyState>
      )}
      {found.data && found.data.logs.length > 0 && (
        <Table size="small" data-testid="log-results">
          <TableHead>
            <TableRow>
              <TableCell sx={{ width: 180 }}>time</TableCell>
              <TableCell sx={{ width: 90 }}>severity</TableCell>
              <TableCell sx={{ width: 160 }}>service</TableCell>
              <TableCell>message</TableCell>
              <TableCell sx={{ width: 110 }} />
            </TableRow>
          </TableHead>
          <TableBody>
            {found.data.logs.map((l) => (
              <TableRow key={l.id}>
                <TableCell>{new Date(l.timeUs / 1000).toLocaleString()}</TableCell>
                <TableCell>
                  <SeverityChip log={l} />
                </TableCell>
                <TableCell>{l.service}</TableCell>
                <TableCell sx={{ fontFamily: 'monospace', whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                  {l.body.length > 500 ? `${l.body.slice(0, 500)}…` : l.body}
                </TableCell>
                <TableCell>
                  {l.traceId && (
                    <Button size="small" onClick={() => onOpenTrace(l.traceId as string)}>
                      Open trace
                    </Button>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Stack>
  );
}
