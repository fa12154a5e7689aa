/**
 * The one schema, split by domain so each feature owns its file. drizzle-kit reads this index;
 * migrations are generated from it into db/migrations.
 */
export * from './core';
export * from './directory';
export * from './inbox';
export * from './events';
export * from './staff';
export * from './broadcasts';
export * from './service';
