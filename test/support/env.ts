// What jest's globalSetup (test/support/globalSetup.ts) hands every test file through the
// environment: its Temporal server, its database and its workflow bundle.
export const env = {
  temporalAddress: () => required('PILOTFLOW_TEST_TEMPORAL_ADDRESS'),
  databaseUrl: () => required('PILOTFLOW_TEST_DATABASE_URL'),
  /** The workflows bundled once for the run, with the tests' actor keys (TEST_SECRETS). */
  bundlePath: () => required('PILOTFLOW_TEST_BUNDLE'),
};

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests with npm test (jest's globalSetup sets it)`);
  return value;
}
