import { Module } from '@nestjs/common';

import { CONSOLE_ASSETS, defaultConsoleAssets } from './console-assets';
import { ConsoleDevToken } from './console-dev-token';
import { ConsoleController } from './console.controller';

/** The operator console's web page at `/console` (issue 11). */
@Module({
  controllers: [ConsoleController],
  providers: [
    { provide: CONSOLE_ASSETS, useFactory: () => defaultConsoleAssets() },
    ConsoleDevToken,
  ],
  exports: [ConsoleDevToken],
})
export class ConsoleModule {}
