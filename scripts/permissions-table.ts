/**
 * Rewrites the permission table in docs/admin.md from lib/auth/permissions.ts, the one source of
 * truth (tests/unit/auth/permissions.test.ts fails while the two differ). `npm run docs:permissions`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { ACTIONS } from '../lib/auth/permissions';
import { permissionTable } from '../lib/auth/permission-table';

const file = 'docs/admin.md';
const lines = readFileSync(file, 'utf8').split('\n');
const start = lines.findIndex((l) => l.startsWith('| Action | Scope |'));
if (start < 0) throw new Error(`${file} has no permission table to replace`);
let end = start;
while (end < lines.length && lines[end]!.startsWith('|')) end++;
lines.splice(start, end - start, permissionTable());
writeFileSync(file, lines.join('\n'));
console.log(`${file}: permission table rewritten (${ACTIONS.length} actions)`);
