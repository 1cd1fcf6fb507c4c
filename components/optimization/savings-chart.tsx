'use client';
// Bytes saved over time: what each newly encoded variant saved against its source, per output
// format, as measured when it was made (image_bytes_saved_total).
import { TimeSeriesChart } from '@/components/charts/time-series-chart';
import { bytes } from '@/components/common/format';
import { SectionCard } from '@/components/common/section-card';
import { useSeries } from '@/lib/hooks/use-series';

export function SavingsChart() {
  const saved = useSeries('image_bytes_saved_total', ['format']);
  const total = saved.data?.series.reduce((n, s) => n + s.total.sum, 0) ?? 0;
  return (
    <SectionCard
      title="Bytes saved"
      subheader={saved.data ? `${bytes(total)} in the selected range, per output format` : undefined}
    >
      <TimeSeriesChart
        testId="chart-bytes-saved"
        result={saved.data}
        isLoading={saved.isLoading}
        fields={[{ field: 'sum', label: 'saved' }]}
        format={bytes}
        valueKind="bytes"
        empty="Nothing optimized in this range yet. Each new variant records the bytes it saves against its source."
      />
    </SectionCard>
  );
}
