import { ConsoleLogger, LogLevel } from '@nestjs/common';

/** Nest's console logger, writing every level to stderr. */
export class StderrLogger extends ConsoleLogger {
  protected override printMessages(
    messages: unknown[],
    context?: string,
    logLevel?: LogLevel,
  ): void {
    super.printMessages(messages, context, logLevel, 'stderr');
  }
}
