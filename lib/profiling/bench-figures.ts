// Figures benchmarks record (POST /api/profiling/figures), with which direction is better (pure:
// the Tests tab lists them too). The gate/* figures are bench:gate's ratios of Redline to its
// same-run peer (bench/gate-floors.ts says which peer).
import type { Better } from './regression';

export const BENCH_FIGURES = {
  'proxy/addedP99Ms': { unit: 'ms', better: 'lower' },
  'proxy/ratio': { unit: '×', better: 'higher' },
  'overhead/pct': { unit: '%', better: 'lower' },
  'profiling/overheadPct': { unit: '%', better: 'lower' },
  'ingest/pointsPerSec': { unit: '/s', better: 'higher' },
  'query/p95Ms': { unit: 'ms', better: 'lower' },
  'gate/imagesCached': { unit: '×', better: 'higher' },
  'gate/imagesApiCached': { unit: '×', better: 'higher' },
  'gate/imagesCold': { unit: '×', better: 'higher' },
  'gate/imagesColdVips': { unit: '×', better: 'higher' },
  'gate/ingest': { unit: '×', better: 'higher' },
  'gate/proxy': { unit: '×', better: 'higher' },
  'gate/tracing': { unit: '×', better: 'higher' },
} as const satisfies Record<string, { unit: string; better: Better }>;
export type FigureKey = keyof typeof BENCH_FIGURES;
export const FIGURE_KEYS = Object.keys(BENCH_FIGURES) as [FigureKey, ...FigureKey[]];
