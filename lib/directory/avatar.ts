/**
 * The avatar a citizen compares with the one WeChat shows on the account's profile. An impostor
 * can copy a name and an avatar, never the WeChat id or the original id, so pages show the
 * avatar beside those two (docs/directory.md, "Verify and report").
 */
export interface AccountAvatar {
  src: string;
  /** False for the demo's drawn avatar, which stands in for a head image no one registered. */
  registered: boolean;
}

/** The demo's WeChat (the simulator) draws an account as its first character on the brand green. */
const SIMULATOR_AVATAR_FILL = '#0a7a3d';

const xmlEscape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The simulator's avatar as a self-contained SVG (a data: URL, which the page CSP allows). */
export function simulatorAvatarSrc(name: string): string {
  const initial = xmlEscape(Array.from(name.trim())[0] ?? '?');
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 96 96"><rect width="96" height="96" rx="12" fill="${SIMULATOR_AVATAR_FILL}"/>` +
    `<text x="48" y="50" fill="#ffffff" font-size="48" font-family="sans-serif" font-weight="600" text-anchor="middle" dominant-baseline="central">${initial}</text></svg>`;
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}

/**
 * The registered head image (http or https only); in the demo, with the simulator on and none
 * registered, the avatar the simulator shows for the account — like `followUrlFor`, the demo's
 * WeChat stands in for the real one. Null in production when none is on record.
 */
export function avatarFor(account: { name: string; avatarUrl: string | null }, options: { simulatorEnabled: boolean }): AccountAvatar | null {
  if (account.avatarUrl && /^https?:\/\//i.test(account.avatarUrl)) return { src: account.avatarUrl, registered: true };
  if (!options.simulatorEnabled) return null;
  return { src: simulatorAvatarSrc(account.name), registered: false };
}
