import { PageHeader } from '@/components/common/page-header';
import { OverviewView } from '@/components/overview/overview-view';

export default function OverviewPage() {
  return (
    <>
      <PageHeader title="Overview" subtitle="Health of this console and what it has measured of itself" />
      <OverviewView />
    </>
  );
}
