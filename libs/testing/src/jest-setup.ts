import { Logger } from '@nestjs/common';

// Components log through Nest's static Logger when a test builds them
// outside an application; keep test output to Jest's own unless asked.
if (!process.env.TEST_LOG_LEVEL) Logger.overrideLogger(false);

// Test files run in parallel against one PostgreSQL server and each starts
// whole applications (and worker processes, which inherit this): small
// pools keep them under the server's connection limit.
process.env.DATABASE_POOL_SIZE ??= '12';
process.env.EVENT_STORE_POOL_SIZE ??= '4';

// Tests send commands far faster than people do; the rate-limit test sets
// its own small budgets.
process.env.COMMAND_RATE_PER_USER ??= '1000000';
process.env.COMMAND_RATE_PER_TENANT ??= '1000000';
