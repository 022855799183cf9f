// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'artifacts/**', 'coverage/**', '.data/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-empty': ['error', { allowEmptyCatch: false }],
    },
  },
  {
    // Tests state what they expect; a wrong `!` fails the test loudly, which is the point.
    files: ['**/*.test.ts', '**/testServer.ts', '**/testSupport/**', '**/bench/**'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off', '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // The personal tab: React in the browser (typescript-eslint leaves undefined names to the type checker,
    // which knows the DOM from tab/tsconfig.json).
    files: ['tab/**/*.{ts,tsx}'],
    languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } },
  },
  {
    // core is the pure domain: the tab imports it in the browser and the server in Node,
    // and its rules must give the same answer in both. Time, ids and data come in as
    // arguments; I/O lives in the adapters (bot/src/store, bot/src/gateway).
    files: ['core/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*'], message: 'core is pure: no Node modules. Pass data in from bot/.' },
            { group: ['fs', 'fs/*', 'path', 'os', 'child_process', 'http', 'https', 'net', 'crypto', 'url', 'process'], message: 'core is pure: no I/O. Pass data in from bot/.' },
            { group: ['botbuilder*', 'restify*', '@electric-sql/*', 'pg', '@microsoft/*', 'react*'], message: 'core is pure: no SDKs, databases or UI. Keep adapters in bot/ and tab/.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'process', message: 'core is pure: configuration comes in as arguments.' }, { name: 'fetch', message: 'core is pure: no network.' }],
    },
  },
);
