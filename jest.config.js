// Unit tests sit next to the code; cross-module tests live in test/. See README "Tests".
/** @type {import('jest').Config} */
const swc = [
  '@swc/jest',
  {
    jsc: { parser: { syntax: 'typescript', tsx: true }, target: 'es2022' },
    // Keep import() as is: PGlite loads itself with dynamic imports.
    module: { type: 'commonjs', ignoreDynamic: true },
  },
];

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/server', '<rootDir>/shared', '<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.tsx?$': swc },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  testTimeout: 60_000,
  slowTestThreshold: 30,
};
