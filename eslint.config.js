// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The server's layers (docs/architecture.md): the edges (http/, bot/) reach the data only through
// services/, services know nothing of who calls them, and the store knows nothing of Teams. One
// no-restricted-imports rule per folder, because ESLint's flat config replaces a rule's options
// for files two blocks match rather than merging them: each folder's block lists all it forbids.
const BOTBUILDER = {
  regex: '^(botbuilder|botframework-|botbuilder-)',
  message: 'botbuilder stays in bot/src/bot/, behind our own small interfaces, so that a move to the Teams SDK or the Agents SDK touches only that folder.',
};
const NO_STORE_AT_THE_EDGE = {
  regex: '^(\\.\\./)+store/',
  message: 'The HTTP routes and the bot reach data only through services (bot/src/services): call a service, or add a service method over a store port.',
};
const SERVICES_KNOW_NO_CALLER = {
  regex: '^(\\.\\./)+(http|bot)/',
  message: 'A service does not know who calls it: no http/ (throw ServiceError, not ApiError) and no bot/ (take a port, such as the Notifier).',
};
const STORE_KNOWS_NO_TEAMS = {
  regex: '^(\\.\\./)+gateway/',
  message: 'The store is our database only; the calling gateway (Teams or the local stand-in) is a separate adapter the services combine with it.',
};
// Type-only imports are still allowed while the store's record types move into services/, and
// settingsGroups.js is a pure table of the stored settings groups rather than storage.
const SERVICES_BUILD_NO_STORES = {
  regex: '^(\\.\\./)+store/(?!settingsGroups\\.js$)',
  allowTypeImports: true,
  message: 'A service takes its storage through a port (services/storage.ts, a StorageBundle wired in server/services.ts) and opens transactions on it: it does not build repositories or reach the database itself.',
};
const restrictImports = (...patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });
// Tests build the graph themselves (a test database, a local gateway), so the folder rules skip them.
const TESTS = ['**/*.test.ts', '**/testSupport/**', '**/testServer.ts'];

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
  {
    files: ['bot/src/**/*.ts'],
    ignores: ['bot/src/bot/**'],
    rules: restrictImports(BOTBUILDER),
  },
  {
    files: ['bot/src/services/**/*.ts'],
    ignores: TESTS,
    rules: { ...restrictImports(BOTBUILDER, SERVICES_KNOW_NO_CALLER), '@typescript-eslint/no-restricted-imports': ['error', { patterns: [SERVICES_BUILD_NO_STORES] }] },
  },
  {
    files: ['bot/src/http/**/*.ts'],
    ignores: TESTS,
    rules: restrictImports(BOTBUILDER, NO_STORE_AT_THE_EDGE),
  },
  {
    files: ['bot/src/bot/**/*.ts'],
    ignores: TESTS,
    rules: restrictImports(NO_STORE_AT_THE_EDGE),
  },
  {
    files: ['bot/src/store/**/*.ts'],
    ignores: TESTS,
    rules: restrictImports(BOTBUILDER, STORE_KNOWS_NO_TEAMS),
  },
);
