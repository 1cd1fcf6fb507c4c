import { NotYetMeasured } from '@/components/common/coming-soon';
import { PageHeader } from '@/components/common/page-header';

export default function ScalingPage() {
  return (
    <>
      <PageHeader title="Scaling" subtitle="Fleet, load balancer and auto-scaling policies" />
      <NotYetMeasured title="No fleet is managed yet">
        Redline has no instances to balance or scale: the load balancer and auto-scaler have not landed in this build. Once they do, start the sample fleet (or point Redline at your own service) and its instances, traffic split and scaling decisions appear here.
      </NotYetMeasured>
    </>
  );
}
