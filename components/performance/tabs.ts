export const PERFORMANCE_TABS = ['overview', 'api', 'database', 'caching', 'cdn', 'optimization', 'alerts'] as const;
export type PerformanceTab = (typeof PERFORMANCE_TABS)[number];
export const PERFORMANCE_TAB_LABELS: Record<PerformanceTab, string> = {
  overview: 'Overview',
  api: 'API',
  database: 'Database',
  caching: 'Caching',
  cdn: 'CDN',
  optimization: 'Optimization',
  alerts: 'Alerts',
};
