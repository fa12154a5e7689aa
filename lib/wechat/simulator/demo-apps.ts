import type { AppRegistration } from './app-data';

/**
 * The demo accounts the offline demo, seed and `npm run wechat:sim` share, so a token fetched
 * with the seeded secret works against the simulator.
 */
export interface DemoApp extends AppRegistration {
  slug: string;
}

const demoSecret = (appId: string) => `demo-secret-${appId}`;

export const DEMO_APPS: readonly DemoApp[] = [
  {
    slug: 'zhongshan-youth',
    appId: 'wx5a1b2c3d4e5f6a7b',
    appSecret: demoSecret('wx5a1b2c3d4e5f6a7b'),
    accountType: 'subscription',
    verified: true,
  },
  {
    slug: 'zhaoqing-police',
    appId: 'wx7b6a5f4e3d2c1b0a',
    appSecret: demoSecret('wx7b6a5f4e3d2c1b0a'),
    accountType: 'service',
    verified: true,
  },
];

/** Registers every demo account on a simulator state. */
export function registerDemoApps(state: { registerApp(reg: AppRegistration): void }): void {
  for (const { slug: _slug, ...reg } of DEMO_APPS) state.registerApp(reg);
}
