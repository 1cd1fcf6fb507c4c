'use client';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { ConfirmDialog } from '@/components/common/confirm-dialog';
import { when } from '@/components/common/format';
import { SectionCard } from '@/components/common/section-card';
import { useAction } from '@/components/common/use-action';
import { mutate } from '@/lib/client/fetcher';
import { type AlertRuleView, useAlertRules } from '@/lib/hooks/use-alerts';
import { useMetricNames } from '@/lib/hooks/use-metric-names';
import { useTraceServices } from '@/lib/hooks/use-tracing';
import { ChannelSelect } from './channel-select';

const AGGS = ['avg', 'min', 'max', 'sum', 'count', 'rate', 'p50', 'p95', 'p99'];
// A trace rule counts the spans matching its filter: how many, per second, the share with an
// error, or a duration percentile in ms.
const TRACE_AGGS = ['count', 'rate', 'error_rate', 'p50', 'p95', 'p99'];
const TRACE_METRIC = 'trace_spans';
const EMPTY = {
  name: '',
  kind: 'threshold',
  metric: 'host_cpu_percent',
  aggregation: 'avg',
  comparator: '>',
  threshold: '80',
  windowMin: '1',
  forMin: '5',
  hysteresis: '0',
  severity: 'warning',
  service: '',
  operation: '',
  attrs: '',
  channelIds: [] as string[],
};
type Episode = { pendingAt: number; firedAt: number; resolvedAt: number | null; peak: number };

function body(f: typeof EMPTY) {
  const trace = f.kind === 'trace';
  const filter = Object.fromEntries(
    (['service', 'operation', 'attrs'] as const).filter((k) => trace && f[k].trim()).map((k) => [k, f[k].trim()]),
  );
  return {
    name: f.name,
    kind: f.kind,
    metric: trace ? TRACE_METRIC : f.metric,
    filter,
    aggregation: f.aggregation,
    comparator: f.comparator,
    threshold: Number(f.threshold),
    windowMs: Number(f.windowMin) * 60_000,
    forMs: Number(f.forMin) * 60_000,
    hysteresis: Number(f.hysteresis),
    severity: f.severity,
    channelIds: f.channelIds,
  };
}

/** How a rule reads in the list. */
function ruleText(r: AlertRuleView): string {
  if (r.kind === 'anomaly') return `anomaly(${r.aggregation}(${r.metric})) > ${r.threshold}σ`;
  const filter = Object.entries(r.filter)
    .map(([k, v]) => `${k}="${v}"`)
    .join(', ');
  const subject = r.kind === 'trace' ? `spans{${filter}}` : r.metric;
  return `${r.aggregation}(${subject}) ${r.comparator} ${r.threshold}`;
}

/**
 * Rule list and editor: "metric aggregated over a window, compared, for a duration", an anomaly
 * rule, or a trace rule over the spans matching a service, operation and attributes.
 */
export function RuleEditor() {
  const rules = useAlertRules();
  const names = useMetricNames();
  const services = useTraceServices();
  const act = useAction(rules.mutate);
  const [f, setF] = useState(EMPTY);
  const [episodes, setEpisodes] = useState<Episode[] | null>(null);
  const [removing, setRemoving] = useState<AlertRuleView | null>(null);
  const field = (
    k: keyof typeof EMPTY,
    label: string,
    extra: Partial<{ type: string; select: boolean; width: number }> = {},
    options?: string[],
  ) => (
    <TextField
      size="small"
      label={label}
      value={f[k] as string}
      select={extra.select}
      type={extra.type}
      sx={{ minWidth: extra.width ?? 110 }}
      onChange={(e) => setF({ ...f, [k]: e.target.value })}
    >
      {options?.map((o) => (
        <MenuItem key={o} value={o}>
          {o}
        </MenuItem>
      ))}
    </TextField>
  );
  const anomaly = f.kind === 'anomaly';
  const trace = f.kind === 'trace';
  return (
    <SectionCard
      title="Alert rules"
      subheader="Evaluated every 15 s; anomaly rules compare the deviation in σ from the series' own baseline (EWMA, or seasonal once a week of data exists)"
    >
      <Stack
        spacing={1}
        component="form"
        onSubmit={async (e) => {
          e.preventDefault();
          if (await act(() => mutate('POST', '/api/alerts/rules', body(f)), `Rule ${f.name} created`)) setF(EMPTY);
        }}
      >
        <Stack direction={{ xs: 'column', md: 'row' }} spacing={1} sx={{ flexWrap: 'wrap', rowGap: 1 }}>
          {field('name', 'Name', { width: 180 })}
          <TextField
            select
            size="small"
            label="Kind"
            value={f.kind}
            sx={{ minWidth: 110 }}
            onChange={(e) => {
              const kind = e.target.value;
              const aggs = kind === 'trace' ? TRACE_AGGS : AGGS;
              setF({ ...f, kind, aggregation: aggs.includes(f.aggregation) ? f.aggregation : 'count' });
            }}
          >
            {['threshold', 'anomaly', 'trace'].map((k) => (
              <MenuItem key={k} value={k}>
                {k}
              </MenuItem>
            ))}
          </TextField>
          {trace ? (
            <>
              {field('service', 'Service', { select: true, width: 160 }, [
                '',
                ...(services.data?.services.map((s) => s.service) ?? []),
              ])}
              {field('operation', 'Operation', { width: 160 })}
              {field('attrs', 'Attributes (k=v;…)', { width: 180 })}
            </>
          ) : (
            field(
              'metric',
              'Metric',
              { select: true, width: 240 },
              Array.from(new Set([f.metric, ...(names.data?.data.map((n) => n.name) ?? [])])),
            )
          )}
          {field('aggregation', 'Aggregation', { select: true }, trace ? TRACE_AGGS : AGGS)}
          {anomaly ? null : field('comparator', 'Is', { select: true, width: 70 }, ['>', '>=', '<', '<='])}
          {field(
            'threshold',
            anomaly
              ? 'σ from baseline'
              : trace && f.aggregation === 'error_rate'
                ? 'Threshold (share, 0–1)'
                : trace && f.aggregation.startsWith('p')
                  ? 'Threshold (ms)'
                  : 'Threshold',
            { type: 'number', width: trace ? 170 : 110 },
          )}
          {field('windowMin', 'Window (min)', { type: 'number' })}
          {field('forMin', 'For (min)', { type: 'number' })}
          {field('hysteresis', 'Hysteresis', { type: 'number' })}
          {field('severity', 'Severity', { select: true }, ['info', 'warning', 'critical'])}
          <ChannelSelect value={f.channelIds} minWidth={160} onChange={(channelIds) => setF({ ...f, channelIds })} />
        </Stack>
        <Stack direction="row" spacing={1}>
          <Button type="submit" variant="contained" disabled={!f.name}>
            Add rule
          </Button>
          <Button
            onClick={async () =>
              setEpisodes(
                (
                  await act(() =>
                    mutate<{ episodes: Episode[] }>('POST', '/api/alerts/rules/test', {
                      ...body(f),
                      name: f.name || 'test',
                    }),
                  )
                )?.episodes ?? null,
              )
            }
          >
            Test against the last 24 h
          </Button>
        </Stack>
        {episodes ? (
          <Alert
            severity={episodes.length ? 'warning' : 'success'}
            onClose={() => setEpisodes(null)}
            data-testid="backtest-result"
          >
            {episodes.length
              ? `Would have fired ${episodes.length} time(s): ${episodes.map((e) => `${new Date(e.firedAt).toLocaleTimeString()}${e.resolvedAt ? `–${new Date(e.resolvedAt).toLocaleTimeString()}` : ' (still firing)'} peak ${e.peak.toFixed(2)}`).join('; ')}`
              : 'Would not have fired in the last 24 hours.'}
          </Alert>
        ) : null}
      </Stack>
      <Table size="small" sx={{ mt: 2 }} data-testid="rules-table">
        <TableBody>
          {(rules.data?.data ?? []).map((r) => (
            <TableRow key={r.id}>
              <TableCell>{r.name}</TableCell>
              <TableCell>
                <code>
                  {ruleText(r)} over {r.windowMs / 60_000}m for {r.forMs / 60_000}m
                </code>
              </TableCell>
              <TableCell>
                <Chip
                  size="small"
                  label={r.state?.state ?? 'not evaluated'}
                  color={r.state?.state === 'firing' ? 'error' : r.state?.state === 'pending' ? 'warning' : 'default'}
                />
              </TableCell>
              <TableCell>
                last value {r.state?.lastValue?.toFixed(2) ?? '—'} at {when(r.state?.lastEvalAt)}
              </TableCell>
              <TableCell align="right">
                <Button size="small" color="error" onClick={() => setRemoving(r)}>
                  Delete
                </Button>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <ConfirmDialog
        open={removing !== null}
        danger
        title={`Delete rule ${removing?.name}?`}
        confirmLabel="Delete"
        onClose={() => setRemoving(null)}
        onConfirm={() => {
          const r = removing;
          setRemoving(null);
          if (r) void act(() => mutate('DELETE', `/api/alerts/rules/${r.id}`), `Deleted ${r.name}`);
        }}
      >
        Its alert history goes with it.
      </ConfirmDialog>
    </SectionCard>
  );
}
