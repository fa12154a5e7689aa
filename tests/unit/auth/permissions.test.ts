import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ACTIONS, can, isAction, PERMISSIONS, ROLES, type Action, type Rule } from '../../../lib/auth/permissions';
import { permissionTable } from '../../../lib/auth/permission-table';

const root = path.resolve(import.meta.dirname, '../../..');

function filesUnder(dir: string, keep: (file: string) => boolean): string[] {
  const out: string[] = [];
  for (const name of readdirSync(path.join(root, dir))) {
    const rel = path.join(dir, name);
    if (statSync(path.join(root, rel)).isDirectory()) out.push(...filesUnder(rel, keep));
    else if (keep(rel)) out.push(rel);
  }
  return out;
}
const read = (rel: string) => readFileSync(path.join(root, rel), 'utf8');
const source = [...filesUnder('lib', (f) => /\.tsx?$/.test(f)), ...filesUnder('app', (f) => /\.tsx?$/.test(f))];

/** Every action name a command, a route or a gate call names in the code. */
function actionsNamedInCode(): Array<{ file: string; action: string }> {
  const patterns = [
    /staffCommand(?:<\s*'([^']+)'[^(]*?)?\(\s*'([^']+)'/g,
    /withStaffRoute(?:<\s*'([^']+)'[^(]*?)?\(\s*'([^']+)'/g,
    // A gate call's `action:` (not an audit row's, which shares the key).
    /\b(?:accountForStaff|eventForStaff|conversationForStaff|platformForStaff)\(\{[^}]*?\baction: '([^']+)'/g,
    /(?:requireAccount\([^,()]+|requirePlatform\(|listAccountsForStaff\([^,()]+,[^,()]+),\s*'([^']+)'/g,
    /requirePlatform\(\s*'([^']+)'/g,
    /\bcan\([^,()]+,\s*'([^']+)'\)/g,
  ];
  const found: Array<{ file: string; action: string }> = [];
  for (const file of source) {
    const text = read(file);
    for (const pattern of patterns) {
      for (const m of text.matchAll(pattern)) for (const name of m.slice(1)) if (name) found.push({ file, action: name });
    }
  }
  return found;
}

describe('the permission table', () => {
  it('has an entry, with known roles, for every action the code names', () => {
    const missing = actionsNamedInCode().filter(({ action }) => !isAction(action));
    expect(missing).toEqual([]);
    for (const action of ACTIONS) {
      const rule: Rule = PERMISSIONS[action];
      expect(['account', 'platform', 'self']).toContain(rule.scope);
      for (const role of rule.roles) expect(ROLES).toContain(role);
    }
  });

  it('is used: every action in the table is named somewhere in the code', () => {
    const named = new Set(actionsNamedInCode().map((a) => a.action));
    expect(ACTIONS.filter((a) => !named.has(a))).toEqual([]);
  });

  it('keeps the rules staff have had: agents and reviewers answer citizens but do not change events', () => {
    for (const role of ['agent', 'reviewer', 'editor', 'account_admin'] as const) {
      expect(can(role, 'inbox.read')).toBe(true);
      expect(can(role, 'inbox.reply')).toBe(true);
      expect(can(role, 'inbox.note')).toBe(true);
      expect(can(role, 'events.read')).toBe(true);
    }
    for (const action of ['events.create', 'events.edit', 'events.publish', 'events.desk'] as const) {
      expect(can('agent', action)).toBe(false);
      expect(can('reviewer', action)).toBe(false);
      expect(can('editor', action)).toBe(true);
    }
    // Full phone numbers are for account admins (docs/events.md); everyone else gets them masked.
    expect(can('editor', 'events.roster.phones')).toBe(false);
    expect(can('account_admin', 'events.roster.phones')).toBe(true);
    expect(can('agent', 'events.roster.export')).toBe(true);
    // The directory's reports are the platform's, not an account's.
    expect(can('account_admin', 'reports.review')).toBe(false);
  });

  it('lets a platform admin do everything, and someone without a role only what concerns themselves', () => {
    for (const action of ACTIONS) expect(can('platform_admin', action)).toBe(true);
    for (const action of ACTIONS) expect(can(null, action)).toBe(PERMISSIONS[action].scope === 'self');
    expect(can('agent', 'me.password.change')).toBe(true);
    expect(can('agent', 'no.such.action' as Action)).toBe(false);
  });
});

/** Top-level functions of a module: name → { exported, names it calls }. */
function functionsOf(file: string): Map<string, { exported: boolean; calls: Set<string> }> {
  const sf = ts.createSourceFile(file, read(file), ts.ScriptTarget.Latest, true);
  const out = new Map<string, { exported: boolean; calls: Set<string> }>();
  const callsIn = (node: ts.Node): Set<string> => {
    const calls = new Set<string>();
    const walk = (n: ts.Node) => {
      if (ts.isCallExpression(n) && ts.isIdentifier(n.expression)) calls.add(n.expression.text);
      ts.forEachChild(n, walk);
    };
    walk(node);
    return calls;
  };
  for (const statement of sf.statements) {
    const exported = !!ts.getModifiers(statement as ts.HasModifiers)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if (ts.isFunctionDeclaration(statement) && statement.name) out.set(statement.name.text, { exported, calls: callsIn(statement) });
    if (ts.isVariableStatement(statement)) {
      for (const d of statement.declarationList.declarations) {
        if (ts.isIdentifier(d.name) && d.initializer) out.set(d.name.text, { exported, calls: callsIn(d.initializer) });
      }
    }
  }
  return out;
}

function reaches(fns: Map<string, { calls: Set<string> }>, from: string, target: string, seen = new Set<string>()): boolean {
  if (seen.has(from)) return false;
  seen.add(from);
  const fn = fns.get(from);
  if (!fn) return false;
  return fn.calls.has(target) || [...fn.calls].some((c) => reaches(fns, c, target, seen));
}

/** Anything that reads the session itself instead of going through the wrappers. */
const OWN_SESSION = /\b(requireStaff|requireStaffSession|getServerSession)\b/;

describe('one wrapper', () => {
  // Staff's actions: everything under app/admin. Citizens' (app/(public), the locale switch) have no staff session.
  const actionFiles = filesUnder('app/admin', (f) => /\.tsx?$/.test(f) && /^['"]use server['"]/.test(read(f)));

  it('finds the server action files', () => {
    expect(actionFiles).toEqual(expect.arrayContaining(['app/admin/inbox/actions.ts', 'app/admin/events/actions.ts', 'app/admin/reports/actions.ts', 'app/admin/sign-out-actions.ts']));
  });

  it.each(actionFiles)('%s: every exported server action runs its command through runStaffCommand', (file) => {
    const fns = functionsOf(file);
    const exported = [...fns].filter(([, f]) => f.exported).map(([name]) => name);
    expect(exported.length).toBeGreaterThan(0);
    expect(exported.filter((name) => !reaches(fns, name, 'runStaffCommand'))).toEqual([]);
    expect(read(file)).not.toMatch(OWN_SESSION);
  });

  const routeFiles = filesUnder('app/admin', (f) => path.basename(f) === 'route.ts');

  it.each(routeFiles)('%s: every handler is built with withStaffRoute and names an action from the table', (file) => {
    const text = read(file);
    const handlers = [...text.matchAll(/export\s+(?:async\s+)?(?:const|function)\s+(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\b(.*)/g)];
    expect(handlers.length).toBeGreaterThan(0);
    for (const [, , rest] of handlers) {
      const m = /^\s*=\s*withStaffRoute(?:<[^(]*>)?\(\s*'([^']+)'/.exec(rest!);
      expect(m, `${file}: ${rest}`).not.toBeNull();
      expect(isAction(m![1])).toBe(true);
    }
    expect(text).not.toMatch(OWN_SESSION);
  });

  it('has no role ranks left beside the table', () => {
    const offenders = source.filter((f) => /\b(minimumRole|roleAtLeast|RANK)\b/.test(read(f)));
    expect(offenders).toEqual([]);
  });

  it('has every command in lib built by staffCommand, so it carries its action', () => {
    const bare = source.filter((f) => /export\s+(?:async\s+)?function\s+\w+\s*\(\s*ctx\s*:\s*CommandContext/.test(read(f)));
    expect(bare).toEqual([]);
  });
});

describe('docs/admin.md', () => {
  it('shows the permission table exactly as the code declares it', () => {
    const docs = read('docs/admin.md');
    // On a mismatch, run `npm run docs:permissions` (or paste the table printed here).
    expect(docs.includes(permissionTable()), `docs/admin.md should contain:\n${permissionTable()}`).toBe(true);
  });
});
