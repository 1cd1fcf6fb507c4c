import { NotYetMeasured } from '@/components/common/coming-soon';
import { PageHeader } from '@/components/common/page-header';

export default function ProfilingPage() {
  return (
    <>
      <PageHeader title="Profiling" subtitle="CPU profiles, request traces and flame graphs" />
      <NotYetMeasured title="No profiles or traces recorded">
        Profiling and request tracing have not landed in this build, so nothing has been captured. The console&apos;s
        own request timings are on the Performance page.
      </NotYetMeasured>
    </>
  );
}
