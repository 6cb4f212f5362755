/** Optional suite against a real BigQuery project (never part of `npm test`): docs/bigquery.md. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/bigquery-live'],
  testMatch: ['**/*.live.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { isolatedModules: true }] },
  testTimeout: 120000,
  maxWorkers: 1,
};
