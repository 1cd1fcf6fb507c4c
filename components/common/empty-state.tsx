import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';

/** Says what is missing and how to get data, instead of an empty chart. */
export function EmptyState({ title, children, action }: { title: string; children: ReactNode; action?: ReactNode }) {
  return (
    <Box role="status" sx={{ py: 4, px: 2, textAlign: 'center', color: 'text.secondary' }}>
      <Typography variant="subtitle1" color="text.primary" gutterBottom>
        {title}
      </Typography>
      <Typography variant="body2" component="div">
        {children}
      </Typography>
      {action ? <Box sx={{ mt: 2 }}>{action}</Box> : null}
    </Box>
  );
}
