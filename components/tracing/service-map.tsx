'use client';
// The services that sent spans as a React Flow graph: node size is request volume, edge width the
// call rate, colour the p95 latency (green under 100 ms, yellow under 500 ms, red above), a red
// border or dashed edge an error rate over 1%. A click on a service lists its operations with rate,
// errors and p95, and can search its traces.
import { type Edge, MarkerType, type Node } from '@xyflow/react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useMemo, useState } from 'react';
import { FlowGraph } from '@/components/charts/flow-graph';
import { ms, pct, perSec } from '@/components/common/format';
import { type LatencyBand, latencyBand, layers, type ServiceMap } from '@/lib/tracing/service-map';

const BAND_COLOUR: Record<LatencyBand, string> = {
  fast: '#43a047',
  slow: '#fdd835',
  'very slow': '#e53935',
  unmeasured: '#9e9e9e',
};
/** A p95 as read, or a dash where no request of the service was in what was read. */
const p95 = (v: number | null) => (v === null ? '—' : ms(v));
const ERRORS_SHOWN = 0.01;
/** Under one a second, per minute: a quiet service reads 3/min, not 0.05/s. */
const rate = (perSecond: number) =>
  perSecond >= 1 ? perSec(perSecond) : `${(perSecond * 60).toFixed(perSecond * 60 < 10 ? 1 : 0)}/min`;

export function ServiceMapGraph({
  map,
  seconds,
  onSearch,
}: {
  map: ServiceMap;
  seconds: number;
  onSearch: (service: string) => void;
}) {
  const [chosen, setChosen] = useState<string | null>(null);
  const { nodes, edges } = useMemo(() => {
    const column = layers(map);
    const rows = new Map<number, number>();
    const most = Math.max(1, ...map.nodes.map((n) => n.requests));
    const nodes: Node[] = map.nodes.map((n) => {
      const col = column.get(n.service) ?? 0;
      const row = rows.get(col) ?? 0;
      rows.set(col, row + 1);
      // Area follows volume: a service with 4× the requests is twice as wide.
      const size = 70 + 90 * Math.sqrt(n.requests / most);
      const band = latencyBand(n.p95Ms);
      return {
        id: n.service,
        position: { x: col * 260, y: row * 150 },
        data: {
          label:
            n.requests === 0
              ? `${n.service}\nno requests of its own read (seen calling)`
              : `${n.service}\n${rate(n.ratePerSec)} · p95 ${p95(n.p95Ms)}${n.errorRate > 0 ? ` · ${pct(n.errorRate * 100)} err` : ''}`,
        },
        style: {
          width: size,
          minHeight: size / 2,
          whiteSpace: 'pre-line',
          fontSize: 11,
          background: `${BAND_COLOUR[band]}33`,
          border: n.errorRate > ERRORS_SHOWN ? '3px solid #e53935' : `2px solid ${BAND_COLOUR[band]}`,
        },
        ariaLabel: `${n.service}: ${n.requests} requests, p95 ${p95(n.p95Ms)}, ${band}`,
      };
    });
    const fastest = Math.max(1e-9, ...map.edges.map((e) => e.ratePerSec));
    const edges: Edge[] = map.edges.map((e) => {
      const colour = BAND_COLOUR[latencyBand(e.p95Ms)];
      return {
        id: `${e.from}->${e.to}`,
        source: e.from,
        target: e.to,
        label: `${rate(e.ratePerSec)} · p95 ${p95(e.p95Ms)}${e.errorRate > 0 ? ` · ${pct(e.errorRate * 100)} err` : ''}`,
        markerEnd: { type: MarkerType.ArrowClosed, color: colour },
        style: {
          stroke: colour,
          strokeWidth: 1 + 7 * (e.ratePerSec / fastest),
          strokeDasharray: e.errorRate > ERRORS_SHOWN ? '6 3' : undefined,
        },
      };
    });
    return { nodes, edges };
  }, [map]);
  const node = map.nodes.find((n) => n.service === chosen);
  return (
    <Box>
      <FlowGraph
        nodes={nodes}
        edges={edges}
        height={340}
        label="Service map"
        testId="service-map"
        onNodeClick={setChosen}
      />
      <Typography variant="caption" color="text.secondary">
        Node size: requests; edge width: call rate; colour: p95 (green &lt; 100 ms, yellow &lt; 500 ms, red above); red
        border or dashed edge: errors over 1%. Rates over the {Math.round(seconds)} s read.
      </Typography>
      {map.omitted > 0 && (
        <Alert severity="info" sx={{ mt: 1 }}>
          {map.omitted} less busy services are left off the map.
        </Alert>
      )}
      {node && (
        <Box data-testid="service-operations" sx={{ mt: 2 }}>
          <Stack direction="row" sx={{ alignItems: 'center' }}>
            <Typography variant="subtitle2" sx={{ flex: 1 }}>
              {node.service}: {node.requests} requests, {rate(node.ratePerSec)}, {pct(node.errorRate * 100)} errors, p95{' '}
              {p95(node.p95Ms)}
            </Typography>
            <Button size="small" onClick={() => onSearch(node.service)}>
              Find its traces
            </Button>
          </Stack>
          <Table size="small">
            <TableHead>
              <TableRow>
                <TableCell>Operation</TableCell>
                <TableCell align="right">Requests</TableCell>
                <TableCell align="right">Rate</TableCell>
                <TableCell align="right">Errors</TableCell>
                <TableCell align="right">p95</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {node.operations.map((o) => (
                <TableRow key={o.name}>
                  <TableCell>{o.name}</TableCell>
                  <TableCell align="right">{o.requests}</TableCell>
                  <TableCell align="right">{rate(o.ratePerSec)}</TableCell>
                  <TableCell align="right">{pct(o.errorRate * 100)}</TableCell>
                  <TableCell align="right">{p95(o.p95Ms)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      )}
    </Box>
  );
}
