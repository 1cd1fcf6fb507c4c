import { notFound } from 'next/navigation';
import { PageHeader } from '@/components/common/page-header';
import { PerformanceTabs } from '@/components/performance/performance-tabs';
import { PERFORMANCE_TABS, type PerformanceTab } from '@/components/performance/tabs';

export default async function PerformancePage({ params }: { params: Promise<{ tab: string }> }) {
  const { tab } = await params;
  if (!(PERFORMANCE_TABS as readonly string[]).includes(tab)) notFound();
  return (
    <>
      <PageHeader
        title="Performance"
        subtitle="Latency, errors, resources and alerts, measured over the selected range"
      />
      <PerformanceTabs tab={tab as PerformanceTab} />
    </>
  );
}
