import { defineConfig } from 'drizzle-kit';

// Migrations are generated from db/schema.ts and committed; they are applied at start-up by
// scripts/migrate.ts (never `push`). Generation needs no database connection.
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema/index.ts',
  out: './db/migrations',
  casing: 'snake_case',
});
