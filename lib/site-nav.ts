/**
 * The public header's one decision (docs/accessibility.md): the WeChat simulator is a demo tool,
 * so the header offers it only when the demo runs. A production portal that enables the simulator
 * for testing keeps it at /dev/wechat, unadvertised to citizens.
 */
export function simulatorInHeader(env: { WEGOV_DEMO: boolean; simulatorEnabled: boolean }): boolean {
  return env.WEGOV_DEMO && env.simulatorEnabled;
}
