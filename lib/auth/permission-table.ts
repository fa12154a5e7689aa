import { ACTIONS, PERMISSIONS, ROLES } from './permissions';

/** The permission table as docs/admin.md shows it, generated from PERMISSIONS (npm run docs:permissions). */
export function permissionTable(): string {
  const head = `| Action | Scope | ${ROLES.join(' | ')} |`;
  const rule = `| --- | --- | ${ROLES.map(() => ':-:').join(' | ')} |`;
  const rows = ACTIONS.map((action) => {
    const r = PERMISSIONS[action];
    return `| \`${action}\` | ${r.scope} | ${ROLES.map((role) => ((r.roles as readonly string[]).includes(role) ? '✓' : '')).join(' | ')} |`;
  });
  return [head, rule, ...rows].join('\n');
}
