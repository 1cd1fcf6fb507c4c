export const NAV_ITEMS = [
  { href: '/overview', label: 'Overview' },
  { href: '/performance', label: 'Performance' },
  { href: '/scaling', label: 'Scaling' },
  { href: '/profiling', label: 'Profiling' },
  { href: '/optimization', label: 'Optimization' },
  { href: '/settings', label: 'Settings' },
  { href: '/docs/api', label: 'API reference' },
] as const;
