/**
 * Every call the simulator received, for tests that count calls (docs/reliability.md R13: "exactly 1
 * call") and for the phone UI. Credentials are redacted before storing (docs/reliability.md J13).
 */
export interface CallRecord {
  seq: number;
  at: number;
  method: string;
  path: string;
  appId?: string;
  query: Record<string, string>;
  body: unknown;
  /** What the simulator answered: errcode of the body (0 on success) and HTTP status. */
  errcode?: number;
  httpStatus?: number;
  /** Set when a fault script decided the answer. */
  scripted?: boolean;
}

export const REDACTED = '[redacted]';
const SECRET_FIELDS = new Set(['access_token', 'secret', 'appsecret']);
const MAX_CALLS = 10_000;

export function redactQuery(query: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of query) out[k] = SECRET_FIELDS.has(k) ? REDACTED : v;
  return out;
}

export function redactBody(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  return Object.fromEntries(
    Object.entries(body as Record<string, unknown>).map(([k, v]) => [k, SECRET_FIELDS.has(k) ? REDACTED : v]),
  );
}

export interface CallFilter {
  path?: string;
  appId?: string;
}

export class CallLog {
  private calls: CallRecord[] = [];
  private seq = 0;

  /** Stores the record and returns it so the dispatcher can fill in the answer later. */
  add(record: Omit<CallRecord, 'seq'>): CallRecord {
    const stored = { ...record, seq: ++this.seq };
    this.calls.push(stored);
    // Bounded so a long-running demo doesn't grow without limit.
    if (this.calls.length > MAX_CALLS) this.calls.splice(0, this.calls.length - MAX_CALLS);
    return stored;
  }

  list(filter: CallFilter = {}): CallRecord[] {
    return this.calls.filter(
      (c) => (!filter.path || c.path === filter.path) && (!filter.appId || c.appId === filter.appId),
    );
  }

  clear(): void {
    this.calls = [];
  }
}
