// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/**
 * Import boundaries (docs/architecture.md): only main/shell/, main/index.ts and
 * preload/index.ts may import electron; the core never imports the shell, the renderer or the
 * preload (the contract it shares is in contract/); contract/ imports nothing of the app; the
 * renderer imports nothing from main or Node and only types from contract/ and preload/api.ts;
 * nothing but tests imports tests/, and the product (main, preload, renderer, contract) does not
 * import scripts/.
 */
const electronOnlyInShell = {
  name: 'electron',
  message:
    'Only main/shell/, main/index.ts and preload/index.ts may import electron (docs/architecture.md).',
};
const noShell = {
  group: ['**/shell/*', '**/main/index*'],
  message: 'The core must not depend on the Electron shell.',
};
const noTests = {
  group: ['**/tests/**'],
  message: 'Only tests import tests/; move what product code or scripts need out of it.',
};
const noScripts = {
  group: ['**/scripts/**'],
  message: 'The app does not depend on the development scripts in scripts/.',
};
const noPreload = {
  group: ['**/preload/**'],
  message: 'Main takes the contract from contract/; preload/ only exposes it to the window.',
};
const noMain = {
  group: ['**/main/**'],
  message: 'contract/ is the contract only: it depends on nothing in main.',
};
const noRenderer = {
  group: ['**/renderer/**'],
  message: 'Main and scripts do not import the renderer; use the built bundle.',
};

/** The rule, with `patterns` for one part of the repository. */
const restrictImports = (patterns, paths = [electronOnlyInShell]) => ({
  '@typescript-eslint/no-restricted-imports': ['error', { paths, patterns }],
});

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
    files: ['main/**/*.ts'],
    ignores: ['main/shell/**', 'main/index.ts'],
    rules: restrictImports([noShell, noRenderer, noTests, noScripts, noPreload]),
  },
  {
    files: ['preload/api.ts'],
    rules: restrictImports([noShell, noRenderer, noTests, noScripts, noMain]),
  },
  {
    files: ['contract/**/*.ts'],
    rules: restrictImports([
      noShell,
      noRenderer,
      noTests,
      noScripts,
      noMain,
      { group: ['**/preload/**'], message: 'contract/ is the contract only: the preload uses it.' },
      { group: ['node:*'], message: 'contract/ is loaded by the sandboxed renderer: no Node.' },
    ]),
  },
  {
    files: ['main/shell/**/*.ts', 'main/index.ts'],
    rules: restrictImports([noRenderer, noTests, noScripts, noPreload], []),
  },
  {
    files: ['preload/index.ts'],
    rules: restrictImports([noRenderer, noTests, noScripts, noMain], []),
  },
  {
    files: ['scripts/**/*.ts', '*.config.ts'],
    rules: restrictImports([noShell, noRenderer, noTests]),
  },
  {
    files: ['tests/**/*.ts'],
    rules: restrictImports([
      noShell,
      {
        // The renderer's pure logic is unit-tested; its components only in Chromium (e2e).
        regex: '(^|/)renderer/(?!src/lib/[^/]+$)',
        message: 'Tests import only renderer/src/lib/; the rest runs built, in Chromium.',
      },
    ]),
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    extends: [reactHooks.configs.flat.recommended],
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
            {
              group: ['**/contract/**'],
              allowTypeImports: true,
              message: 'The renderer imports only types from contract/; values come over IPC.',
            },
            noTests,
            noScripts,
          ],
        },
      ],
    },
  },
);
