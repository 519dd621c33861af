// ESLint flat config: typescript-eslint's recommended rules, for the TypeScript and the Node scripts alike.

import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['build/', 'node_modules/', 'coverage/', 'test-output/', 'runtime/data/'] },
  tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      // Unused parameters are already an error in tsconfig; a leading _ marks a deliberate one.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The build and deploy scripts and the root config files run in Node: a misspelt global there is a bug.
    // (Browser pages under runtime/ have other globals; they keep typescript-eslint's defaults.)
    files: ['scripts/**/*.mjs', '*.config.mjs', '*.config.js'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        module: 'writable',
        require: 'readonly',
        __dirname: 'readonly',
      },
    },
    rules: { 'no-undef': 'error' },
  },
);
