'use client';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import { CsvButton } from '@/components/common/csv-button';
import { EmptyState } from '@/components/common/empty-state';
import { SectionCard } from '@/components/common/section-card';
import { useFleetStats } from '@/lib/hooks/use-fleet';
import { useLbConfig } from '@/lib/hooks/use-lb-config';
import { LbSettings } from './lb-settings';
import { ProxyBenchmark } from './proxy-benchmark';
import { ServersTable } from './servers-table';

export function LoadBalancerTab() {
  const { data: stats, mutate: reloadStats, isLoading } = useFleetStats();
  const { data: config, mutate: reloadConfig } = useLbConfig();
  const reload = () => Promise.all([reloadStats(), reloadConfig()]);
  if (isLoading && !stats) return <LinearProgress aria-label="Loading servers" />;
  const pools = [
    ...new Set([
      'stable',
      'canary',
      ...(stats?.backends.map((b) => b.pool) ?? []),
      ...Object.keys(config?.split ?? {}),
    ]),
  ];
  return (
    <Stack spacing={2}>
      <SectionCard
        title="Servers"
        subheader="Rates over the last 10 s; latency over the last 1–2 min; every figure measured by the proxy"
        action={
          stats?.backends.length ? (
            <CsvButton
              filename="servers"
              header={[
                'id',
                'address',
                'pool',
                'weight',
                'health',
                'breaker',
                'active',
                'rps',
                'p50_ms',
                'p95_ms',
                'requests',
                'errors',
              ]}
              rows={() =>
                stats.backends.map((b) => [
                  b.id,
                  `${b.host}:${b.port}`,
                  b.pool,
                  b.weight,
                  b.health.status,
                  b.breaker.state,
                  b.active,
                  b.rps,
                  b.p50,
                  b.p95,
                  b.requests,
                  b.errors,
                ])
              }
            />
          ) : undefined
        }
      >
        {stats?.backends.length ? (
          <ServersTable backends={stats.backends} reload={reload} />
        ) : (
          <EmptyState title="No servers">The fleet has no instances and none were added by address.</EmptyState>
        )}
      </SectionCard>
      {config && (
        <SectionCard title="Proxy settings" subheader={`Listening on ${config.proxyUrl}`}>
          <LbSettings key={JSON.stringify(config)} config={config} pools={pools} reload={reload} />
        </SectionCard>
      )}
      <ProxyBenchmark />
    </Stack>
  );
}
