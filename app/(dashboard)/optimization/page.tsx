import { PageHeader } from '@/components/common/page-header';
import { AssetsPanel } from '@/components/optimization/assets-panel';

export default function OptimizationPage() {
  return (
    <>
      <PageHeader title="Optimization" subtitle="Images now; CDN delivery, database and cache optimizations as they land — each with its measured effect" />
      <AssetsPanel />
    </>
  );
}
