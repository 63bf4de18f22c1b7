// The full fault suite (`npm run test:fault`): real processes and real
// faults, one file at a time, since it restarts the shared PostgreSQL.
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  roots: ['<rootDir>/test/fault'],
  testMatch: ['**/*.fault.ts'],
  maxWorkers: 1,
  testTimeout: 600_000,
};
