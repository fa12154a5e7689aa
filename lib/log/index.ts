/**
 * Structured one-line JSON logs. Citizen text and secrets never go in here: callers pass ids
 * and codes. JSON encoding also neutralises CR/LF and ANSI tricks in any value (docs/reliability.md G6).
 */
type Level = 'debug' | 'info' | 'warn' | 'error';
const order: Record<Level | 'silent', number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

function threshold(): number {
  const configured = (process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'warn' : 'info')) as Level;
  return order[configured] ?? order.info;
}

function write(level: Level, event: string, fields: Record<string, unknown> = {}): void {
  if (order[level] < threshold()) return;
  const line = JSON.stringify({ t: new Date().toISOString(), level, event, ...fields });
  (level === 'error' || level === 'warn' ? process.stderr : process.stdout).write(`${line}\n`);
}

export const log = {
  debug: (event: string, fields?: Record<string, unknown>) => write('debug', event, fields),
  info: (event: string, fields?: Record<string, unknown>) => write('info', event, fields),
  warn: (event: string, fields?: Record<string, unknown>) => write('warn', event, fields),
  error: (event: string, fields?: Record<string, unknown>) => write('error', event, fields),
};

export function errorFields(error: unknown): Record<string, unknown> {
  if (error instanceof Error) {
    // drizzle wraps driver errors in "Failed query: <sql>"; the driver's cause is what matters,
    // and SQL text stays out of the logs.
    const root = error.cause instanceof Error ? error.cause : error;
    const code = (root as { code?: unknown }).code;
    return { error: root.name, message: root.message.slice(0, 300), ...(code ? { code } : {}) };
  }
  return { error: String(error).slice(0, 300) };
}
