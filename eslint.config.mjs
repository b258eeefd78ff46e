// ESLint for the TypeScript of the server, the workflows and the tests, and the workspace's Vue
// files (typescript-eslint's and eslint-plugin-vue's recommended rules; layout is Prettier's).
import js from '@eslint/js';
import vue from 'eslint-plugin-vue';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * The layers import downward only (api → usecases → activities/workflows → shared → domain; platform
 * and notifications beside them): a module may not import a value from a layer above it. Types may
 * cross (a workflow proxies its activities by type; a use case names a workflow's type to start it).
 */
const above = (...layers) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        {
          group: layers.map((l) => `**/${l}/**`).concat(layers.map((l) => `../${l}`)),
          allowTypeImports: true,
          message: 'a layer imports only from the layers below it (docs/architecture.md)',
        },
      ],
    },
  ],
});

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
  // the launcher is plain CommonJS, run by node before any TypeScript is loaded
  { files: ['**/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  {
    files: ['domain/**/*.ts'],
    rules: above('shared', 'platform', 'notifications', 'activities', 'workflows', 'usecases', 'api', 'workers'),
  },
  {
    files: ['shared/**/*.ts'],
    rules: above('platform', 'notifications', 'activities', 'workflows', 'usecases', 'api', 'workers'),
  },
  {
    files: ['platform/**/*.ts'],
    rules: above('notifications', 'activities', 'workflows', 'usecases', 'api', 'workers'),
  },
  { files: ['notifications/**/*.ts'], rules: above('activities', 'workflows', 'usecases', 'api', 'workers') },
  { files: ['documents/**/*.ts'], rules: above('activities', 'workflows', 'usecases', 'api', 'workers') },
  { files: ['activities/**/*.ts'], rules: above('workflows', 'usecases', 'api', 'workers') },
  {
    files: ['workflows/**/*.ts'],
    rules: above('platform', 'notifications', 'activities', 'usecases', 'api', 'workers'),
  },
  { files: ['usecases/**/*.ts'], rules: above('activities', 'workflows', 'api', 'workers') },
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
