'use client';
import Stack from '@mui/material/Stack';
import { useDashboard } from '@/lib/hooks/use-performance';
import { RecommendationsList } from './recommendations-list';
import { ThresholdsEditor } from './thresholds-editor';

export function OptimizationTab() {
  const dash = useDashboard();
  return (
    <Stack spacing={2}>
      <RecommendationsList />
      {dash.data ? <ThresholdsEditor cards={dash.data.cards} onSaved={dash.mutate} /> : null}
    </Stack>
  );
}
