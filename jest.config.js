// Tests run against a real Temporal dev server and a real PostgreSQL-compatible database, both
// started once per run by test/support/globalSetup.ts.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest'], '/node_modules/.+\\.js$': ['@swc/jest', { module: { type: 'commonjs' } }] },
  // ESM-only packages the API loads with import() (file-type and its dependencies): Jest's module
  // system cannot load ES modules on Node 20, so they are compiled to CommonJS like the sources
  transformIgnorePatterns: ['/node_modules/(?!(file-type|strtok3|token-types|@tokenizer|@borewit|uint8array-extras)/)'],
  globalSetup: '<rootDir>/test/support/globalSetup.ts',
  globalTeardown: '<rootDir>/test/support/globalTeardown.ts',
  testTimeout: 90_000,
  // A test file waits on its workflows, the Temporal server and Chromium about a third of its time:
  // three files at once keep two cores busy (measured on 2 cores: 2 workers 739–789 s, 3 workers 622 s)
  maxWorkers: 3,
};
