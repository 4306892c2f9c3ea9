// Lint rules that keep the Temporal workflow sandbox honest: workflows are deterministic
// orchestration only, so they may not import Node builtins or I/O libraries, and may only
// `import type` from activities.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import { builtinModules } from 'node:module';

const ioLibraries = [
  'exceljs',
  '@googleapis/sheets',
  'google-auth-library',
  'nodemailer',
  'smtp-server',
  'mailparser',
  'pdfmake',
  'hono',
  '@hono/node-server',
  '@temporalio/worker',
  '@temporalio/client',
  '@temporalio/activity',
  '@temporalio/testing',
  'playwright-core',
];

export default tseslint.config(
  { ignores: ['node_modules/**', '.data/**', 'dist/**', 'test-artifacts/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.json'] })],
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'import-x/no-cycle': ['error', { maxDepth: 10 }],
    },
  },
  {
    files: ['workflows/**/*.ts', 'domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...builtinModules.flatMap((m) => [m, `node:${m}`]).map((name) => ({
              name,
              message: 'Workflows and domain logic run in the deterministic sandbox: no Node builtins.',
            })),
            ...ioLibraries.map((name) => ({ name, message: 'No I/O libraries in workflows/ or domain/: use an activity.' })),
          ],
          patterns: [
            {
              group: ['**/activities/**', '../activities/*', '../../activities/*'],
              allowTypeImports: true,
              message: 'Workflows may only `import type` from activities.',
            },
          ],
        },
      ],
    },
  },
  {
    // Start inputs are built from the config in config/start-inputs, so the schedules (and the config itself) stay
    // on the far side of the activities: a type may be named, an activity module is never loaded from here.
    files: ['schedules/**/*.ts', 'config/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/activities/**', '../activities/*', '../../activities/*'],
              allowTypeImports: true,
              message: 'Start inputs come from config/start-inputs; only `import type` from activities here.',
            },
          ],
        },
      ],
    },
  },
  {
    // Each CLI command loads its heavy modules (Temporal client, schedules, spreadsheet backends, the worker's
    // wiring) where it runs, with a `require` typed by an `import type` beside it, so `--help` and usage errors
    // answer at once. Not `import()`: cli/bin.js registers only tsx's CommonJS hook, which a native `import()` would
    // bypass (adding tsx's ESM hook costs ~0.3 s at every start).
    files: ['cli/commands/**/*.ts', 'cli/context.ts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
