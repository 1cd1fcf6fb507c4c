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
    <Box sx={{ height, border: 1, borderColor: 'divider', borderRadius: 1 }} data-testid={testId}>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        fitView
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
