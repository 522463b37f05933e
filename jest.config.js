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
  // No second copy of every failure at the end (summaryThreshold): the run ends with the failed tests' names, then the totals.
  reporters: [['default', { summaryThreshold: 10_000 }], '<rootDir>/test/support/failed-tests-reporter.cjs'],
};
