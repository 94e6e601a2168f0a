import js from '@eslint/js';
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
  // Features stay independent: shared code goes to components/ or lib/, and
  // pages in app/ compose features.
  {
    files: ['src/features/auth/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@/features/tickets/*', '**/features/tickets/*'], message: 'Features must not import each other.' }] }],
    },
  },
  {
    files: ['src/features/tickets/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@/features/auth/*', '**/features/auth/*'], message: 'Features must not import each other.' }] }],
    },
  },
  {
    files: ['src/**/*.test.{ts,tsx}', 'src/test/**'],
    rules: { 'react-refresh/only-export-components': 'off', 'no-restricted-imports': 'off' },
  },
);
