// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Import boundaries (see DESIGN.md): only main/shell/, main/index.ts and preload/index.ts may
 * import electron; the core never imports the shell or the renderer; the renderer imports
 * nothing from main or Node and only types from preload/api.ts.
 */
const electronOnlyInShell = {
  name: 'electron',
  message: 'Only main/shell/, main/index.ts and preload/index.ts may import electron (DESIGN.md).',
};

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'coverage/**',
      'dist/**',
      'node_modules/**',
      'test-output/**',
      '.preview-data/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['error', 'warn'] }],
      // Interface implementations are often async without awaiting anything.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // vitest's asymmetric matchers (expect.stringMatching…) are typed `any`.
    files: ['tests/**/*.ts'],
    rules: { '@typescript-eslint/no-unsafe-assignment': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    files: ['main/**/*.ts', 'tests/**/*.ts', 'preload/api.ts', '*.config.ts'],
    ignores: ['main/shell/**', 'main/index.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [electronOnlyInShell],
          patterns: [
            {
              group: ['**/shell/*', '**/main/index*'],
              message: 'The core must not depend on the Electron shell.',
            },
            {
              group: ['**/renderer/**'],
              message: 'Main and tests do not import the renderer; use the built bundle.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [electronOnlyInShell],
          patterns: [
            { group: ['node:*'], message: 'The renderer runs in a sandbox without Node.' },
            {
              group: ['**/main/**'],
              message: 'The renderer talks to main only through window.tokenManager.',
            },
            {
              group: ['**/preload/index*'],
              message: 'The renderer uses window.tokenManager, not the preload.',
            },
            {
              group: ['**/preload/api*'],
              allowTypeImports: true,
              message: 'The renderer imports only types from preload/api.ts.',
            },
          ],
        },
      ],
    },
  },
);
