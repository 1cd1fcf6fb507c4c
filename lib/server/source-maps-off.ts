// The second import of server.ts. tsx's loader turns Node's source-map support on, and with it Node
// reads and keeps the map of every built chunk it loads: ~95 MB of an idle instance's memory for
// Next.js's server bundles. In production it is turned off: stack traces keep the built positions,
// and profiles of Redline itself get their source names from the maps when shown
// (lib/profiling/source-maps.ts). `npm run dev` keeps it.
if (!process.argv.includes('--dev')) process.setSourceMapsEnabled(false);
