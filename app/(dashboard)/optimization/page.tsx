import Stack from '@mui/material/Stack';
import { PageHeader } from '@/components/common/page-header';
import { AssetsSection } from '@/components/optimization/assets-section';

export default function OptimizationPage() {
  return (
    <>
      <PageHeader
        title="Optimization"
        subtitle="Images now; CDN providers, database and cache optimizations as they land — each with its measured effect"
      />
      <Stack spacing={2}>
        <AssetsSection />
      </Stack>
    </>
  );
}
