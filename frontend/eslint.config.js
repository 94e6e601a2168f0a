import js from '@eslint/js';
import boundaries from 'eslint-plugin-boundaries';
import reactHooks from 'eslint-plugin-react-hooks';
import reactRefresh from 'eslint-plugin-react-refresh';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist', 'coverage', 'node_modules', 'src/lib/api-types.ts'] },
  {
    files: ['**/*.{ts,tsx,js}'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: { ecmaVersion: 2022, globals: { ...globals.browser, ...globals.node } },
    plugins: { 'react-hooks': reactHooks, 'react-refresh': reactRefresh },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'react-refresh/only-export-components': ['warn', { allowConstantExport: true }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // The API client is the only module that talks HTTP: it owns tokens,
      // refresh and error normalisation, so nothing may bypass it.
      'no-restricted-globals': [
        'error',
        { name: 'fetch', message: 'Use src/lib/api-client.ts.' },
        { name: 'XMLHttpRequest', message: 'Use src/lib/api-client.ts.' },
        { name: 'localStorage', message: 'Only harmless preferences, through src/lib/preferences.ts.' },
        { name: 'sessionStorage', message: 'Tokens never go to web storage.' },
      ],
    },
  },
  {
    files: ['src/lib/api-client.ts', 'src/lib/preferences.ts', 'src/test/**', '**/*.test.{ts,tsx}'],
    rules: { 'no-restricted-globals': 'off' },
  },
  // The architecture, checked on every import (the TypeScript resolver
  // follows the `@/` alias): shared code (components, lib, config) knows no
  // feature; a feature uses shared code and its own files, never another
  // feature; only app/ (routes, layout, providers) composes features.
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { boundaries },
    settings: {
      'import/resolver': { typescript: { project: './tsconfig.json' } },
      'boundaries/elements': [
        { type: 'app', pattern: 'src/app' },
        { type: 'feature', pattern: 'src/features/*', capture: ['feature'] },
        { type: 'shared', pattern: 'src/(components|lib|config)' },
      ],
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'allow',
          policies: [
            {
              from: { element: { type: 'shared' } },
              disallow: { to: { element: { type: ['app', 'feature'] } } },
              message: 'Shared code (components, lib, config) must not import app/ or a feature: let app/ pass it in.',
            },
            {
              from: { element: { type: 'feature' } },
              disallow: { to: { element: { type: 'app' } } },
              message: 'A feature must not import app/.',
            },
            {
              from: { element: { type: 'feature' } },
              disallow: { to: { element: { type: 'feature', captured: { feature: '!{{from.captured.feature}}' } } } },
              message: 'Features must not import each other: move shared code to components/ or lib/, or compose them in app/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/**/*.test.{ts,tsx}', 'src/test/**'],
    rules: { 'react-refresh/only-export-components': 'off', 'boundaries/dependencies': 'off' },
  },
);
