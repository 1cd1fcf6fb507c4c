import { NotYetMeasured } from '@/components/common/coming-soon';

export function CdnTab() {
  return (
    <NotYetMeasured title="No CDN is connected yet">
      CDN management (providers, purges, health checks, bandwidth and hit ratio) arrives with the image and CDN feature.
      Nothing is shown until it measures something.
    </NotYetMeasured>
  );
}
