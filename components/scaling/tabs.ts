export const SCALING_TABS = ['overview', 'load-balancer', 'policies', 'metrics', 'history', 'predictions'] as const;
export type ScalingTab = (typeof SCALING_TABS)[number];
export const SCALING_TAB_LABELS: Record<ScalingTab, string> = {
  overview: 'Overview',
  'load-balancer': 'Load balancer',
  policies: 'Policies',
  metrics: 'Metrics',
  history: 'History',
  predictions: 'Predictions',
};
