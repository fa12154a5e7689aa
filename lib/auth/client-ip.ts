/**
 * The portal's server (lib/server/portal-server.ts) overwrites `x-wegov-client-ip` with the socket's
 * address on every request, so this header cannot be forged by a client; X-Forwarded-For is
 * never trusted on its own (docs/reliability.md E7, ASVS 4.1.3).
 */
export const CLIENT_IP_HEADER = 'x-wegov-client-ip';

export function clientIpFrom(headers: Headers | Record<string, string | string[] | undefined>): string {
  const value = headers instanceof Headers ? headers.get(CLIENT_IP_HEADER) : headers[CLIENT_IP_HEADER];
  const ip = Array.isArray(value) ? value[0] : value;
  return ip && ip.length <= 64 ? ip : 'unknown';
}
