import Paper from '@mui/material/Paper';
import type { ReactNode } from 'react';
import { EmptyState } from './empty-state';

/** A dashboard whose feature has not landed: what is missing and how data will arrive. */
export function NotYetMeasured({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper variant="outlined">
      <EmptyState title={title}>{children}</EmptyState>
    </Paper>
  );
}
