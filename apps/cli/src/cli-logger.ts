import { LogLevel } from '@nestjs/common';

import { StderrLogger } from './stderr-logger';

/** Quiet unless `LOG_LEVEL` asks for debug output; always on stderr. */
export function cliLogger(logLevel: string): StderrLogger {
  const levels: LogLevel[] = ['debug', 'trace'].includes(logLevel)
    ? ['error', 'warn', 'log', 'debug']
    : ['error', 'warn'];
  return new StderrLogger('cli', { logLevels: levels });
}
