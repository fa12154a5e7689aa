// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  // npm start builds each source version into its own folder (scripts/lib/build-if-needed.ts).
  distDir: process.env.WEGOV_DIST_DIR || '.next',
  // PGlite loads its WASM and data files relative to its own package; bundling breaks that
  // (docs/stack.md trap 6). argon2 ships a native binary.
  serverExternalPackages: ['@electric-sql/pglite', '@node-rs/argon2'],
  poweredByHeader: false,
  reactStrictMode: true,
  experimental: {
    // Keep server-action bodies small (docs/reliability.md H5); uploads get their own routes.
    serverActions: { bodySizeLimit: '1mb' },
  },
  async headers() {
    const security = [
      { key: 'X-Content-Type-Options', value: 'nosniff' },
      { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
      { key: 'X-Frame-Options', value: 'DENY' },
    ];
    return [
      { source: '/:path*', headers: security },
      { source: '/admin/:path*', headers: [{ key: 'Cache-Control', value: 'private, no-store' }] },
    ];
  },
};

export default nextConfig;
