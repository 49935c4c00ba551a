import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { layerRules } from './eslint.layers.js';
import { ignores } from './eslint.ignores.js';

export default tseslint.config(
  { ignores },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': ['error', { selector: "MemberExpression[object.name='process'][property.name='env']", message: 'Read configuration in config/ only.' }],
    },
  },
  { files: ['desktop/renderer/**/*.{ts,tsx}'], languageOptions: { globals: { ...globals.browser } } },
  {
    // The config readers are the one place that reads the environment.
    files: ['server/src/config/**/*.ts', 'desktop/core/config/**/*.ts', 'scripts/**/*.ts', 'desktop/scripts/**/*.ts', 'desktop/main/**/*.ts', '**/*.test.ts', '**/test/**/*.ts', 'desktop/e2e/**/*.ts', 'vitest.config.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  ...layerRules,
);
