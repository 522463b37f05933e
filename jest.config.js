/**
 * Jest runs in ESM mode (NestJS 12 is ESM-only): `NODE_OPTIONS=--experimental-vm-modules`
 * is set by `npm test`. @swc/jest transpiles TypeScript with legacy decorators and their
 * metadata, which NestJS dependency injection needs; type checking is `npm run typecheck`.
 */
const swc = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'es6' },
  sourceMaps: 'inline',
};

export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', swc] },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
  setupFiles: ['<rootDir>/test/setup-env.ts'],
  testTimeout: 60_000,
  maxWorkers: 2,
  // A worker ends when jest asks it to and nothing holds its event loop; none is held open
  // (asked with a 30 s grace, every worker exits by itself), but on a loaded machine the end
  // message waits behind the worker's own teardown for more than jest's default 500 ms, and
  // jest then kills it and warns that "a worker process has failed to exit gracefully".
  workerGracefulExitTimeout: 5_000,
  // No second copy of every failure at the end (summaryThreshold): the run ends with the failed tests' names, then the totals.
  reporters: [['default', { summaryThreshold: 10_000 }], '<rootDir>/test/support/failed-tests-reporter.cjs'],
};
