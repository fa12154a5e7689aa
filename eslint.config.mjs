import { defineConfig, globalIgnores } from 'eslint/config';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      // Citizen text is text: no raw HTML anywhere (docs/reliability.md G3, G5).
      'react/no-danger': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      // Dependencies point app → lib → db, never back (README, "Project layout").
      'no-restricted-imports': 'off',
    },
  },
  {
    files: ['lib/**/*.ts', 'db/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@/app/*', '@/components/*', '../app/*', '../../app/*', '../components/*', '../../components/*'], message: 'lib and db never import from app or components.' }] }],
    },
  },
  globalIgnores(['.next/**', 'node_modules/**', 'data/**', 'next-env.d.ts', 'db/migrations/**']),
]);
