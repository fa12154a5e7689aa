import type { Db } from '../../db/client';
import { hit } from '../auth/rate-limit';

/** Web registrations one client may submit per hour: a family registers together, a script does not. */
export const WEB_REGISTRATION_LIMIT = 10;
export const WEB_REGISTRATION_WINDOW_SECONDS = 3600;

/** Counts this attempt and tells whether it is over the limit (the anonymous form has no login). */
export async function webRegistrationThrottled(args: { db: Db; clientKey: string; now?: Date }): Promise<boolean> {
  const count = await hit({ db: args.db, key: `web-registration:${args.clientKey}`, windowSeconds: WEB_REGISTRATION_WINDOW_SECONDS, now: args.now });
  return count > WEB_REGISTRATION_LIMIT;
}
