export const PROFILING_TABS = ['overview', 'cpu', 'memory', 'tracing', 'code', 'tests'] as const;
export type ProfilingTab = (typeof PROFILING_TABS)[number];
export const PROFILING_TAB_LABELS: Record<ProfilingTab, string> = {
  overview: 'Overview',
  cpu: 'CPU',
  memory: 'Memory',
  tracing: 'Tracing',
  code: 'Code',
  tests: 'Tests',
};
