// ESLint for the TypeScript of the server, the workflows and the tests, and the workspace's Vue
// files (typescript-eslint's and eslint-plugin-vue's recommended rules; layout is Prettier's).
import js from '@eslint/js';
import vue from 'eslint-plugin-vue';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'generated/',
      '.tools/',
      'data/',
      '.test-data/',
      'test-results/',
      'web/dist/',
      'dist/',
      'web/src/api/schema.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/essential'],
  { files: ['**/*.vue'], languageOptions: { parserOptions: { parser: tseslint.parser } } },
  { languageOptions: { globals: { ...globals.node } } },
  { files: ['web/**'], languageOptions: { globals: { ...globals.browser } } },
  {
    rules: {
      // `_` names what a signature needs but the body does not use
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      // input checks match control characters on purpose, to refuse them
      'no-control-regex': 'off',
      // a page is named after its route (Pilot.vue, Round.vue), as yudao's views are
      'vue/multi-word-component-names': 'off',
    },
  },
);
