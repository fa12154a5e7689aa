import path from 'node:path';
import { defineConfig } from 'vitest/config';

const root = import.meta.dirname;

export default defineConfig({
  resolve: {
    alias: {
      '@': root,
      // `server-only` throws outside a React Server Components build; tests run lib code directly.
      'server-only': path.join(root, 'tests/helpers/server-only-stub.ts'),
    },
  },
  test: {
    // Two cores here: more workers only fight over them.
    maxWorkers: 2,
    // The key the helpers seal the demo's secrets with (tests/helpers/webhook.ts TEST_SECRET_KEY),
    // so the webhook and the phone, which take theirs from lib/env, open what the tests seeded.
    env: { WEGOV_SECRET_KEY: 'test-secret-key-0123456789' },
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/helpers/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/e2e/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
