import { Logger } from '@nestjs/common';

// Components log through Nest's static Logger when a test builds them
// outside an application; keep test output to Jest's own unless asked.
if (!process.env.TEST_LOG_LEVEL) Logger.overrideLogger(false);
