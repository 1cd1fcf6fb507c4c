import { PageHeader } from '@/components/common/page-header';
import { PerformanceView } from '@/components/performance/performance-view';

export default function PerformancePage() {
  return (
    <>
      <PageHeader title="Performance" subtitle="Request latency and throughput over the selected range" />
      <PerformanceView />
    </>
  );
}
