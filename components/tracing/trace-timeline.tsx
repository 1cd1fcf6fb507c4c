'use client';
// One trace as a timeline: a row per span in tree order (collapsible), its bar placed on the trace's
// time axis and coloured by service, errors marked, the critical path drawn over the bars; a click
// shows the span's details with its self time and share of the trace. Repeated calls (N+1) are
// listed above it, each marking its spans on the timeline; the trace's log records are ticks on
// their spans and a list below. Downloadable as OTLP/JSON.
import ChevronRightIcon from '@mui/icons-material/ChevronRight';
import DownloadIcon from '@mui/icons-material/Download';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import FormControlLabel from '@mui/material/FormControlLabel';
import IconButton from '@mui/material/IconButton';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useMemo, useState } from 'react';
import { ms } from '@/components/common/format';
import {
  buildTree,
  criticalPath,
  flatten,
  SPAN_KINDS,
  type SpanRecord,
  selfTimes,
  type TraceSummary,
} from '@/lib/tracing/model';
import type { StoredLog } from '@/lib/tracing/log-store';
import type { RepeatedCall } from '@/lib/tracing/patterns';
import { LogMarks, TraceLogList } from './trace-logs';

const PALETTE = ['#4e79a7', '#f28e2b', '#59a14f', '#b07aa1', '#76b7b2', '#edc948', '#9c755f', '#ff9da7', '#bab0ac'];

function serviceColours(spans: readonly SpanRecord[]): Map<string, string> {
  const services = [...new Set(spans.map((s) => s.service))].sort();
  return new Map(services.map((s, i) => [s, PALETTE[i % PALETTE.length] as string]));
}

function Details({ span, selfUs, traceUs }: { span: SpanRecord; selfUs: number; traceUs: number }) {
  const rows: [string, string][] = [
    ['service', span.service],
    ['kind', SPAN_KINDS[span.kind] ?? String(span.kind)],
    ['duration', ms(span.durationUs / 1000)],
    ['self time', ms(selfUs / 1000)],
    ['share of the trace', `${traceUs ? ((span.durationUs / traceUs) * 100).toFixed(1) : '0'}%`],
    [
      'status',
      span.status === 2
        ? `error${span.statusMessage ? `: ${span.statusMessage}` : ''}`
        : span.status === 1
          ? 'ok'
          : 'unset',
    ],
    ['span id', span.spanId],
    ...Object.entries(span.attributes).map(
      ([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)] as [string, string],
    ),
  ];
  // Redline's own spans: its slow-query log and continuous CPU profile cover the same time.
  const around = `range=custom&from=${Math.floor(span.startUs / 1000) - 30_000}&to=${Math.ceil((span.startUs + span.durationUs) / 1000) + 30_000}`;
  return (
    <Box data-testid="span-details" sx={{ mt: 2 }}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
        <Typography variant="subtitle2">{span.name}</Typography>
        {span.service === 'redline' && (
          <>
            <Button size="small" href={`/performance/database?${around}`}>
              Slow queries around it
            </Button>
            <Button size="small" href={`/profiling/cpu?${around}`}>
              CPU profile around it
            </Button>
          </>
        )}
      </Stack>
      <Table size="small">
        <TableBody>
          {rows.map(([k, v]) => (
            <TableRow key={k}>
              <TableCell sx={{ color: 'text.secondary', width: 220 }}>{k}</TableCell>
              <TableCell sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>{v}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {span.events.length > 0 && (
        <>
          <Typography variant="subtitle2" sx={{ mt: 1 }}>
            Events
          </Typography>
          {span.events.map((e) => (
            <Typography key={`${e.timeUs}-${e.name}`} variant="body2" sx={{ fontFamily: 'monospace' }}>
              +{ms((e.timeUs - span.startUs) / 1000)} {e.name}{' '}
              {Object.keys(e.attributes).length ? JSON.stringify(e.attributes) : ''}
            </Typography>
          ))}
        </>
      )}
    </Box>
  );
}

const ORDER = {
  sequential: 'one after another',
  parallel: 'side by side',
  mixed: 'partly side by side',
} as const;

function RepeatedCalls({ patterns, onShow }: { patterns: RepeatedCall[]; onShow: (p: RepeatedCall) => void }) {
  return (
    <Alert severity="warning" data-testid="repeated-calls" sx={{ mb: 1 }}>
      <Typography variant="subtitle2">Repeated calls (N+1)</Typography>
      {patterns.map((p) => (
        <Stack key={`${p.service}-${p.kind}-${p.key}`} direction="row" spacing={1} sx={{ alignItems: 'baseline' }}>
          <Typography variant="body2" sx={{ wordBreak: 'break-all' }}>
            <strong>{p.count}×</strong> {p.kind === 'db' ? 'the statement' : 'the call'}{' '}
            <code>{p.key.length > 160 ? `${p.key.slice(0, 160)}…` : p.key}</code> from {p.service}, {ORDER[p.order]}:{' '}
            {ms(p.totalUs / 1000)} in all, {ms(p.wallUs / 1000)} of the trace's time
          </Typography>
          <Button size="small" onClick={() => onShow(p)}>
            Show
          </Button>
        </Stack>
      ))}
    </Alert>
  );
}

const NO_LOGS: StoredLog[] = [];

export function TraceTimeline({
  summary,
  spans,
  patterns = [],
  logs = NO_LOGS,
  logsTruncated = false,
}: {
  summary: TraceSummary;
  spans: SpanRecord[];
  patterns?: RepeatedCall[];
  logs?: StoredLog[];
  logsTruncated?: boolean;
}) {
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());
  const [selected, setSelected] = useState<string | null>(null);
  const [marked, setMarked] = useState<ReadonlySet<string>>(new Set());
  const [showPath, setShowPath] = useState(true);
  const tree = useMemo(() => buildTree(spans), [spans]);
  const rows = useMemo(() => flatten(tree, collapsed), [tree, collapsed]);
  const path = useMemo(() => criticalPath(tree), [tree]);
  const self = useMemo(() => selfTimes(tree), [tree]);
  const colours = useMemo(() => serviceColours(spans), [spans]);
  const t0 = summary.startUs;
  const total = Math.max(summary.durationUs, 1);
  const x = (us: number) => `${(((us - t0) / total) * 100).toFixed(3)}%`;
  const w = (us: number) => `${Math.max((us / total) * 100, 0.2).toFixed(3)}%`;
  const pathBySpan = useMemo(() => {
    const m = new Map<string, typeof path>();
    for (const seg of path) m.set(seg.spanId, [...(m.get(seg.spanId) ?? []), seg]);
    return m;
  }, [path]);
  const toggle = (id: string) =>
    setCollapsed((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const logsBySpan = useMemo(() => {
    const m = new Map<string, StoredLog[]>();
    for (const l of logs) if (l.spanId) m.set(l.spanId, [...(m.get(l.spanId) ?? []), l]);
    return m;
  }, [logs]);
  const chosen = spans.find((s) => s.spanId === selected);
  return (
    <Box>
      {patterns.length > 0 && (
        <RepeatedCalls
          patterns={patterns}
          onShow={(p) => {
            setCollapsed(new Set());
            setMarked(new Set(p.spanIds));
            setSelected(p.spanIds[0] ?? null);
          }}
        />
      )}
      <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap', mb: 1 }}>
        <Typography variant="body2" color="text.secondary">
          {summary.spans} spans · {ms(summary.durationUs / 1000)} · {new Date(t0 / 1000).toLocaleString()}
        </Typography>
        {[...colours].map(([service, colour]) => (
          <Chip key={service} size="small" label={service} sx={{ bgcolor: colour, color: '#fff' }} />
        ))}
        <Box sx={{ flex: 1 }} />
        <FormControlLabel
          control={<Switch size="small" checked={showPath} onChange={(e) => setShowPath(e.target.checked)} />}
          label="Critical path"
        />
        <Button
          size="small"
          startIcon={<DownloadIcon />}
          href={`/api/traces/${summary.traceId}?format=otlp`}
          download={`trace-${summary.traceId}.otlp.json`}
        >
          OTLP JSON
        </Button>
      </Stack>
      <Box
        role="tree"
        aria-label="Spans"
        data-testid="trace-timeline"
        sx={{ border: 1, borderColor: 'divider', borderRadius: 1 }}
      >
        {rows.map((n) => {
          const s = n.span;
          const hasKids = n.children.length > 0;
          return (
            <Box
              key={s.spanId}
              role="treeitem"
              aria-selected={s.spanId === selected}
              aria-expanded={hasKids ? !collapsed.has(s.spanId) : undefined}
              data-span={s.name}
              data-marked={marked.has(s.spanId) || undefined}
              tabIndex={0}
              onClick={() => setSelected(s.spanId)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') setSelected(s.spanId);
                if (hasKids && (e.key === 'ArrowLeft' || e.key === 'ArrowRight')) toggle(s.spanId);
              }}
              sx={{
                display: 'flex',
                alignItems: 'center',
                height: 28,
                borderBottom: 1,
                borderColor: 'divider',
                cursor: 'pointer',
                bgcolor: s.spanId === selected ? 'action.selected' : undefined,
                boxShadow: marked.has(s.spanId) ? (t) => `inset 4px 0 0 ${t.palette.warning.main}` : undefined,
                '&:hover': { bgcolor: 'action.hover' },
              }}
            >
              <Box
                sx={{
                  width: 340,
                  minWidth: 340,
                  pl: n.depth * 1.5,
                  display: 'flex',
                  alignItems: 'center',
                  overflow: 'hidden',
                }}
              >
                {hasKids ? (
                  <IconButton
                    size="small"
                    aria-label={collapsed.has(s.spanId) ? 'Expand' : 'Collapse'}
                    onClick={(e) => {
                      e.stopPropagation();
                      toggle(s.spanId);
                    }}
                  >
                    {collapsed.has(s.spanId) ? (
                      <ChevronRightIcon fontSize="small" />
                    ) : (
                      <ExpandMoreIcon fontSize="small" />
                    )}
                  </IconButton>
                ) : (
                  <Box sx={{ width: 34 }} />
                )}
                <Box sx={{ width: 4, height: 18, bgcolor: colours.get(s.service), mr: 1, flexShrink: 0 }} />
                <Typography
                  variant="body2"
                  noWrap
                  title={`${s.service}: ${s.name}`}
                  color={s.status === 2 ? 'error' : undefined}
                >
                  {s.status === 2 ? '⚠ ' : ''}
                  {s.name}
                </Typography>
              </Box>
              <Box sx={{ position: 'relative', flex: 1, height: '100%', mr: 1 }}>
                <Box
                  sx={{
                    position: 'absolute',
                    top: 7,
                    height: 14,
                    left: x(s.startUs),
                    width: w(s.durationUs),
                    bgcolor: colours.get(s.service),
                    opacity: 0.75,
                    borderRadius: 0.5,
                    outline: s.status === 2 ? '2px solid' : undefined,
                    outlineColor: 'error.main',
                  }}
                />
                {showPath &&
                  (pathBySpan.get(s.spanId) ?? []).map((seg) => (
                    <Box
                      key={seg.startUs}
                      data-critical="true"
                      sx={{
                        position: 'absolute',
                        top: 12,
                        height: 4,
                        left: x(seg.startUs),
                        width: w(seg.endUs - seg.startUs),
                        bgcolor: 'text.primary',
                      }}
                    />
                  ))}
                <LogMarks logs={logsBySpan.get(s.spanId) ?? NO_LOGS} x={x} />
                <Typography variant="caption" sx={{ position: 'absolute', right: 0, top: 6, color: 'text.secondary' }}>
                  {ms(s.durationUs / 1000)}
                </Typography>
              </Box>
            </Box>
          );
        })}
      </Box>
      {chosen && <Details span={chosen} selfUs={self.get(chosen.spanId) ?? 0} traceUs={summary.durationUs} />}
      {logs.length > 0 && (
        <TraceLogList
          logs={logs}
          spans={spans}
          t0={t0}
          truncated={logsTruncated}
          onSelect={(id) => {
            setCollapsed(new Set());
            setSelected(id);
          }}
        />
      )}
    </Box>
  );
}
