import { DynamicModule, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

import { AppConfig, AppConfigModule } from '@app/config';

import { cliLogger } from './cli-logger';

/**
 * Runs `work` in a Nest context of its own built from `module`, and closes
 * it afterwards so pools and an embedded PostgreSQL shut down. Commands
 * that need the database use this, so `token` and `--help` never touch it.
 */
export async function inCommandContext<T>(
  config: AppConfig,
  module: Type,
  work: (get: <P>(token: Type<P>) => P) => Promise<T>,
): Promise<T> {
  const root: DynamicModule = {
    module: class CommandContextModule {},
    imports: [AppConfigModule.forRoot(), module],
  };
  const context = await NestFactory.createApplicationContext(root, {
    logger: cliLogger(config.logLevel),
  });
  try {
    return await work((token) => context.get(token, { strict: false }));
  } finally {
    await context.close();
  }
}
