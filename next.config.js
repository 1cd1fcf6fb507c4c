// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Server code unminified: Redline profiles itself, and its own frames must read as the functions
  // they are (querySeries, not "ah"); the client bundle stays minified.
  experimental: { turbopackMinify: { server: false, client: true, edge: true } },
  // The generated Prisma clients and the migration engine are loaded by Node, not bundled.
  // @datadog/sketches-js requires protobufjs lazily, for serialization Redline does not use;
  // bundling would follow that require, so Node loads the package as it is.
  // pdfkit reads its font metrics from its package folder at run time; piscina starts its worker
  // script from its own package folder.
  serverExternalPackages: ['@prisma/schema-engine-wasm', '@datadog/sketches-js', 'pdfkit', 'piscina'],
};

export default nextConfig;
