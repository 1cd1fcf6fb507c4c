import { NotYetMeasured } from '@/components/common/coming-soon';
import { PageHeader } from '@/components/common/page-header';

export default function OptimizationPage() {
  return (
    <>
      <PageHeader title="Optimization" subtitle="Images, CDN, database and cache optimizations with their measured effect" />
      <NotYetMeasured title="No optimizations have run">
        Image optimization, CDN management and database advice have not landed in this build. When they do, each action you take here is recorded with its measured before and after.
      </NotYetMeasured>
    </>
  );
}
