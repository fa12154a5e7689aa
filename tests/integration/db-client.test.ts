import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../db/rows';
import { accounts } from '../../db/schema';
import { createTestDb, testDriver, type TestDb } from '../helpers/test-db';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t.close();
});

describe('the database client', () => {
  it('runs the same schema and migrations on this driver', async () => {
    const rows = await t.db.select().from(accounts);
    expect(rows).toEqual([]);
    const [row] = rowsOf<{ ok: number }>(await t.db.execute(sql`select count(*)::int as ok from pg_extension where extname = 'plpgsql'`));
    expect(row?.ok).toBe(1);
  });

  describe.runIf(testDriver() === 'postgres')('on PostgreSQL', () => {
    it('sends drizzle queries as prepared statements, also inside transactions', async () => {
      const marker = `prepared-check-${Date.now()}`;
      const seen = await t.db.transaction(async (tx) => {
        await tx.select({ id: accounts.id }).from(accounts).where(sql`${accounts.slug} = ${marker}`);
        return tx.execute(sql`select statement from pg_prepared_statements where statement like ${'%accounts%'}`);
      });
      const statements = rowsOf<{ statement: string }>(seen).map((r) => r.statement);
      expect(statements.some((s) => s.includes('"accounts"') && s.includes('"slug"'))).toBe(true);
    });
  });
});
