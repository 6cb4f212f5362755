/** `npm run test:real`: ingests the real exports in ../shared/fixtures/real (never copied here). */
const base = require('./jest.config.js');
module.exports = { ...base, testMatch: ['<rootDir>/test/real/**/*.test.ts'], testPathIgnorePatterns: ['/node_modules/'] };
