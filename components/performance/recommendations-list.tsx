'use client';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import Link from 'next/link';
import { EmptyState } from '@/components/common/empty-state';
import { SectionCard } from '@/components/common/section-card';
import { useRecommendations } from '@/lib/hooks/use-performance';

const SEVERITY = { critical: 'error', warning: 'warning', info: 'info' } as const;

/** Recommendations computed from measured data, each with its evidence and a link to it. */
export function RecommendationsList() {
  const { data, isLoading } = useRecommendations();
  return (
    <SectionCard title="Recommendations" subheader="Computed from what was measured in the selected range">
      {isLoading && !data ? (
        <Skeleton variant="rounded" height={120} />
      ) : !data?.data.length ? (
        <EmptyState title="Nothing to recommend">
          No route is over its budget, no query pattern dominates, the cache hit rate and memory look healthy for this
          range.
        </EmptyState>
      ) : (
        <Stack spacing={1} data-testid="recommendations">
          {data.data.map((r) => (
            <Alert
              key={r.id}
              severity={SEVERITY[r.severity]}
              action={
                <Button component={Link} href={r.link} size="small">
                  View
                </Button>
              }
            >
              <AlertTitle>{r.title}</AlertTitle>
              <Box sx={{ fontSize: 13 }}>{r.impact}</Box>
              <Box
                component="code"
                sx={{ fontSize: 11, opacity: 0.8, display: 'block', mt: 0.5, wordBreak: 'break-word' }}
              >
                {Object.entries(r.evidence)
                  .map(([k, v]) => `${k}: ${v}`)
                  .join(' · ')}
              </Box>
            </Alert>
          ))}
        </Stack>
      )}
    </SectionCard>
  );
}
