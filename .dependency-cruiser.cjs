// The layer rules of ARCHITECTURE.md, checked by `npm run lint` (dependency-cruiser).
const FEATURES =
  'alerts|bench|cdn|compat|delivery|fleet|health|images|ingest|lb|metrics|performance|profiling|reports|scaling|scheduler|scrape|self-monitor|slow-queries|tracing';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'lib/ has no import circle: each module can be read, tested and changed from the bottom up.',
      severity: 'error',
      from: { path: '^lib/' },
      to: { circular: true },
    },
    {
      name: 'api-is-the-bottom-layer',
      comment:
        'lib/api (the route wrapper, errors, bodies) sits below every feature domain: features import it, never the other way (what a request records is registered at boot, lib/server/request-observer.ts).',
      severity: 'error',
      from: { path: '^lib/api/' },
      to: { path: `^lib/(${FEATURES})/` },
    },
    {
      name: 'process-knows-no-domain',
      comment: 'The process registry and the worker pool are infrastructure: they import no domain.',
      severity: 'error',
      from: { path: '^lib/process/' },
      to: { path: '^lib/(?!process/)' },
    },
    {
      name: 'lib-does-not-import-the-ui',
      comment: 'lib/ is what routes, pages and threads share; app/ and components/ build on it.',
      severity: 'error',
      from: { path: '^lib/' },
      to: { path: '^(app|components)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|\\.next|generated)/' },
    tsPreCompilationDeps: true,
    parser: 'swc',
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] },
  },
};
