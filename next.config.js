// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The generated Prisma clients and the migration engine are loaded by Node, not bundled.
  serverExternalPackages: ['@prisma/schema-engine-wasm'],
};

export default nextConfig;
