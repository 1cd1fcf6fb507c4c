// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The server bundle stays minified (an idle instance holds ~100 MB less than unminified); profiles
  // of Redline itself read its functions' names from the build's source maps.
  // The generated Prisma clients and the migration engine are loaded by Node, not bundled.
  // @datadog/sketches-js requires protobufjs lazily, for serialization Redline does not use;
  // bundling would follow that require, so Node loads the package as it is.
  // pdfkit reads its font metrics from its package folder at run time; piscina starts its worker
  // script from its own package folder.
  serverExternalPackages: ['@prisma/schema-engine-wasm', '@datadog/sketches-js', 'pdfkit', 'piscina'],
};

export default nextConfig;
