'use client';
// A read-only React Flow graph in a bordered box, in the page's colour mode: nodes placed by the
// caller, not draggable or connectable, fitted to the box.
import { Background, type Edge, type Node, ReactFlow } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import Box from '@mui/material/Box';
import { useColorScheme } from '@mui/material/styles';

export function FlowGraph({
  nodes,
  edges,
  height,
  label,
  testId,
  onNodeClick,
}: {
  nodes: Node[];
  edges: Edge[];
  height: number;
  label: string;
  testId: string;
  onNodeClick?: (id: string) => void;
}) {
  const { mode, systemMode } = useColorScheme();
  const dark = (mode === 'system' ? systemMode : mode) === 'dark';
  return (
    // Clipped to its box: a graph larger than the box is panned and zoomed inside it, never drawn
    // over the card's header (where it took the clicks meant for the header's controls).
    <Box sx={{ height, border: 1, borderColor: 'divider', borderRadius: 1, overflow: 'hidden' }} data-testid={testId}>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        fitView
        // Many services still fit at first sight (the default stops zooming out at half size).
        minZoom={0.1}
        colorMode={dark ? 'dark' : 'light'}
        nodesDraggable={false}
        nodesConnectable={false}
        onNodeClick={onNodeClick ? (_, n) => onNodeClick(n.id) : undefined}
        proOptions={{ hideAttribution: true }}
        aria-label={label}
      >
        <Background />
      </ReactFlow>
    </Box>
  );
}
