/**
 * `npm run wechat:sim`: the fake api.weixin.qq.com as a standalone server, with the demo accounts
 * registered, for running the app (or a client under test) against WeChat offline.
 */
import { z } from 'zod';
import { DEMO_APPS, registerDemoApps, startWechatApiSimulator, WechatApiState } from '../lib/wechat/simulator';

// WECHAT_SIM_PORT belongs to this tool only, so it is read here rather than in lib/env.
const SimEnv = z.object({
  WECHAT_SIM_PORT: z.coerce.number().int().min(0).max(65535).default(3100),
  WECHAT_SIM_HOST: z.string().min(1).default('127.0.0.1'),
});

async function main(): Promise<void> {
  const parsed = SimEnv.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }
  const state = new WechatApiState();
  registerDemoApps(state);
  const sim = await startWechatApiSimulator({
    port: parsed.data.WECHAT_SIM_PORT,
    host: parsed.data.WECHAT_SIM_HOST,
    state,
  });

  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(`WeChat API simulator listening on ${sim.url}`);
  out(`Point the app at it:  WECHAT_API_BASE=${sim.url} npm start`);
  out('Demo accounts (secret = demo-secret-<appId>):');
  for (const app of DEMO_APPS) {
    out(`  ${app.slug.padEnd(16)} ${app.appId}  ${app.accountType}${app.verified ? ', verified' : ''}`);
  }
  out(`Control API: ${sim.url}/__sim/health  (apps, interactions, chat, conversation, inbox, calls, script, reset)`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    out(`\n${signal}: stopping the simulator`);
    sim.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
