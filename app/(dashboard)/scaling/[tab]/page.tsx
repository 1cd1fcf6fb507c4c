import { notFound } from 'next/navigation';
import { PageHeader } from '@/components/common/page-header';
import { ScalingView } from '@/components/scaling/scaling-view';
import { SCALING_TABS, type ScalingTab } from '@/components/scaling/tabs';

export default async function ScalingPage({ params }: { params: Promise<{ tab: string }> }) {
  const { tab } = await params;
  if (!(SCALING_TABS as readonly string[]).includes(tab)) notFound();
  return (
    <>
      <PageHeader
        title="Scaling"
        subtitle="The fleet behind the proxy, its load balancing, and the autoscaler's decisions with their reasons"
      />
      <ScalingView tab={tab as ScalingTab} />
    </>
  );
}
