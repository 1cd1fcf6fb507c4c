'use client';
// The proxy and its backends as a React Flow graph: node colour is live health (up, down,
// ejected, breaker open or ramping, draining, disabled), edges carry each backend's measured
// request rate and animate while traffic flows.
import type { Edge, Node } from '@xyflow/react';
import { useMemo } from 'react';
import { FlowGraph } from '@/components/charts/flow-graph';
import type { BackendView } from '@/lib/fleet/views';

export function backendState(b: BackendView): { label: string; color: string } {
  if (!b.enabled) return { label: 'disabled', color: '#9e9e9e' };
  if (b.draining) return { label: 'draining', color: '#fb8c00' };
  if (b.health.status === 'down') return { label: 'down', color: '#e53935' };
  if (b.ejectedUntil) return { label: 'ejected', color: '#e53935' };
  if (b.breaker.state === 'open') return { label: 'breaker open', color: '#e53935' };
  if (b.breaker.state !== 'closed') return { label: `breaker ${b.breaker.state}`, color: '#fdd835' };
  if (b.health.status === 'unknown') return { label: 'checking', color: '#90a4ae' };
  return { label: 'up', color: '#43a047' };
}

export function Topology({ backends, proxyLabel }: { backends: BackendView[]; proxyLabel: string }) {
  const { nodes, edges } = useMemo(() => {
    const gap = 190;
    const width = Math.max(1, backends.length) * gap;
    const nodes: Node[] = [
      {
        id: 'proxy',
        position: { x: width / 2 - 90, y: 0 },
        data: { label: proxyLabel },
        style: { width: 180, fontWeight: 600 },
        type: 'input',
      },
      ...backends.map((b, i): Node => {
        const s = backendState(b);
        return {
          id: b.id,
          position: { x: i * gap, y: 150 },
          data: {
            label: `${b.id} · ${s.label}\n${b.source === 'manual' ? `${b.host}:${b.port}` : `:${b.port}`} · ${b.pool}`,
          },
          style: { width: 170, border: `2px solid ${s.color}`, whiteSpace: 'pre-line', fontSize: 11 },
          type: 'output',
          ariaLabel: `${b.id} ${s.label}`,
        };
      }),
    ];
    const edges: Edge[] = backends.map((b) => ({
      id: `e-${b.id}`,
      source: 'proxy',
      target: b.id,
      label: `${b.rps.toFixed(1)} req/s`,
      animated: b.rps > 0,
      style: { stroke: backendState(b).color, strokeWidth: 1 + Math.min(5, b.rps / 20) },
    }));
    return { nodes, edges };
  }, [backends, proxyLabel]);
  return <FlowGraph nodes={nodes} edges={edges} height={300} label="Proxy and backends" testId="fleet-topology" />;
}
