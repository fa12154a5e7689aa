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
    // The security headers (CSP, HSTS, Permissions-Policy, nosniff, Referrer-Policy,
    // X-Frame-Options) are set by the portal's server on every response, also on those Next never
    // sees (lib/server/security-headers.ts); pages get their nonce CSP from proxy.ts.
    return [{ source: '/admin/:path*', headers: [{ key: 'Cache-Control', value: 'private, no-store' }] }];
  },
};

export default nextConfig;
