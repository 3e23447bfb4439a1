// Jest runs in ESM mode (see package.json "test"): @actions/core 3 and
// @actions/github 9 ship ESM only.
export default {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  // Fails first, saying what to do, when `npm test` runs on a Node older than 24.
  globalSetup: '<rootDir>/scripts/require-node.mjs',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1'
  },
  transform: {
    '^.+\\.ts$': [
      'ts-jest',
      { useESM: true, tsconfig: 'tsconfig.json', diagnostics: { ignoreCodes: ['TS151001'] } }
    ]
  },
  testTimeout: 30000,
  verbose: false
}
