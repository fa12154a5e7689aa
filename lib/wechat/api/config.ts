import { env } from '../../env';
import type { WechatApiConfig } from './client';

/**
 * The API client's settings from the environment: base URL (or the simulator) and the sealing
 * keys — the previous one too, so a worker started during a key rotation, before the re-seal,
 * still opens AppSecrets sealed under it.
 */
export function apiConfigFromEnv(): WechatApiConfig {
  const config = env();
  if (!config.secretKeys) throw new Error('NEXTAUTH_SECRET or WEGOV_SECRET_KEY is required to call the WeChat API');
  return { apiBase: config.wechatApiBase, secretKey: config.secretKeys };
}
