import { notFound } from 'next/navigation';
import { PageHeader } from '@/components/common/page-header';
import { ProfilingView } from '@/components/profiling/profiling-view';
import { PROFILING_TABS, type ProfilingTab } from '@/components/profiling/tabs';

export default async function ProfilingPage({ params }: { params: Promise<{ tab: string }> }) {
  const { tab } = await params;
  if (!(PROFILING_TABS as readonly string[]).includes(tab)) notFound();
  return (
    <>
      <PageHeader
        title="Profiling"
        subtitle="CPU and memory profiles of Redline and its fleet, request traces, bottlenecks, budgets"
      />
      <ProfilingView tab={tab as ProfilingTab} />
    </>
  );
}
