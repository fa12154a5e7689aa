import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { closeSharedDb, sharedDb } from '../db/client';
import { migrateDb } from '../db/migrate';
import { accounts, memberships, users } from '../db/schema';
import { hashPassword, PASSWORD_MAX_LENGTH } from '../lib/auth/password';
import { env } from '../lib/env';

/**
 * `npm run user:create -- --email a@b.cn --name 张三 [--platform-admin] [--account slug --role agent]`
 * Creates a staff login; the password is read from standard input (one line), never from argv,
 * so it stays out of shell history and process lists. A real deployment (WEGOV_DEMO=0) creates
 * its first platform admin this way.
 */
const { values } = parseArgs({
  options: {
    email: { type: 'string' },
    name: { type: 'string' },
    'platform-admin': { type: 'boolean', default: false },
    account: { type: 'string' },
    role: { type: 'string', default: 'agent' },
  },
});

const Input = z.object({
  email: z.email(),
  name: z.string().min(1).max(100),
  role: z.enum(['account_admin', 'editor', 'reviewer', 'agent']),
});
const input = Input.safeParse({ email: values.email, name: values.name ?? values.email, role: values.role });
if (!input.success) {
  process.stderr.write(`Usage: npm run user:create -- --email a@b.cn --name 张三 [--platform-admin] [--account slug --role agent]\n${input.error.message}\n`);
  process.exit(2);
}

const rl = createInterface({ input: process.stdin, output: process.stderr });
const password = (await rl.question('Password (15+ characters recommended): ')).trim();
rl.close();
if (password.length < 12 || password.length > PASSWORD_MAX_LENGTH) {
  process.stderr.write(`The password must have 12 to ${PASSWORD_MAX_LENGTH} characters.\n`);
  process.exit(2);
}

const config = env();
const handle = await sharedDb(() => ({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR }));
await migrateDb(handle);
const db = handle.db;
await db.transaction(async (tx) => {
  const [user] = await tx
    .insert(users)
    .values({ email: input.data.email.toLowerCase(), name: input.data.name, passwordHash: await hashPassword(password), isPlatformAdmin: values['platform-admin'] })
    .returning({ id: users.id });
  if (values.account) {
    const [account] = await tx.select({ id: accounts.id }).from(accounts).where(eq(accounts.slug, values.account));
    if (!account) throw new Error(`no account with slug ${values.account}`);
    await tx.insert(memberships).values({ userId: user!.id, accountId: account.id, role: input.data.role });
  }
});
process.stdout.write(`Created ${input.data.email}${values['platform-admin'] ? ' (platform admin)' : ''}.\n`);
await closeSharedDb();
