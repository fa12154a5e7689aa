import { z } from 'zod';

/**
 * Scripted failures: the next `times` calls matching `path` (and `appId`, when given) fail the
 * scripted way, so clients can be tested against -1, 40001-once, 5xx, timeouts and dropped
 * connections (docs/reliability.md J1, J3, J7, R13).
 */
export const FaultScriptSchema = z
  .object({
    /** A WeChat path such as `/cgi-bin/message/custom/send`, or `*` for every API call. */
    path: z.string().min(1),
    appId: z.string().min(1).optional(),
    times: z.number().int().min(1).max(1_000_000).default(1),
    errcode: z.number().int().optional(),
    errmsg: z.string().optional(),
    /** Waits this long first; alone, the call then proceeds normally (a slow WeChat). */
    delayMs: z.number().int().min(0).max(600_000).optional(),
    httpStatus: z.number().int().min(100).max(599).optional(),
    /** Destroys the socket without an answer (connection reset). */
    dropConnection: z.boolean().optional(),
  })
  .refine((f) => f.errcode !== 0, { message: 'errcode 0 is not a fault', path: ['errcode'] });

export type FaultScriptInput = z.input<typeof FaultScriptSchema>;
export type FaultScript = z.output<typeof FaultScriptSchema>;

export class FaultScripts {
  private scripts: Array<FaultScript & { left: number }> = [];

  add(input: FaultScriptInput): FaultScript {
    const script = FaultScriptSchema.parse(input);
    this.scripts.push({ ...script, left: script.times });
    return script;
  }

  /** The first pending script matching this call, spending one of its `times`. */
  take(path: string, appId: string | undefined): FaultScript | undefined {
    const i = this.scripts.findIndex(
      (s) => (s.path === '*' || s.path === path) && (s.appId === undefined || s.appId === appId),
    );
    const found = this.scripts[i];
    if (!found) return undefined;
    found.left -= 1;
    if (found.left <= 0) this.scripts.splice(i, 1);
    const { left: _left, ...script } = found;
    return script;
  }

  pending(): Array<FaultScript & { left: number }> {
    return this.scripts.map((s) => ({ ...s }));
  }

  clear(): void {
    this.scripts = [];
  }
}
