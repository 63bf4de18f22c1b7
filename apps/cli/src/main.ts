import 'reflect-metadata';

import { CommandFactory } from 'nest-commander';

import { loadAppConfigOrExit } from '@app/config';

import { cliLogger } from './cli-logger';
import { CliModule } from './cli.module';
import { CliUsageError } from './cli-usage.error';

async function main(): Promise<void> {
  const config = loadAppConfigOrExit();
  // TypeORM and some libraries log with console.log; stdout carries only
  // command results (tokens, JSON), so everything else goes to stderr.
  // eslint-disable-next-line no-console
  console.log = console.error;

  await CommandFactory.run(CliModule, {
    cliName: 'bulkops',
    logger: cliLogger(config.logLevel),
    serviceErrorHandler: (error) => {
      process.stderr.write(
        error instanceof CliUsageError
          ? `${error.message}\n`
          : `${error.stack ?? error.message}\n`,
      );
      process.exitCode = error instanceof CliUsageError ? 2 : 1;
    },
  });
}

void main();
