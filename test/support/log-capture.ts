import { Global, Module } from '@nestjs/common';

import { LOG_DESTINATION } from '@app/observability';

/** What the service logged, one parsed JSON object per line. */
export interface LogCapture {
  readonly lines: Record<string, unknown>[];
  /** Import with the app under test: pino writes here instead of stdout. */
  readonly module: unknown;
}

export function captureLogs(): LogCapture {
  const lines: Record<string, unknown>[] = [];
  const destination = {
    write(chunk: string) {
      for (const line of chunk.split('\n')) {
        if (line.trim()) lines.push(JSON.parse(line));
      }
    },
  };

  @Global()
  @Module({
    providers: [{ provide: LOG_DESTINATION, useValue: destination }],
    exports: [LOG_DESTINATION],
  })
  class LogCaptureModule {}

  return { lines, module: LogCaptureModule };
}
