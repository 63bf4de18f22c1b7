import { Logger } from '@nestjs/common';

// Components log through Nest's static Logger when a test builds them
// outside an application; keep test output to Jest's own unless asked.
if (!process.env.TEST_LOG_LEVEL) Logger.overrideLogger(false);

// Test files run in parallel against one PostgreSQL server and each starts
// whole applications (and worker processes, which inherit this): small
// pools keep them under the server's connection limit.
process.env.DATABASE_POOL_SIZE ??= '12';
process.env.EVENT_STORE_POOL_SIZE ??= '4';
