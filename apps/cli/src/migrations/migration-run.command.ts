import { Command, CommandRunner } from 'nest-commander';

import { AppConfig } from '@app/config';

import { CliOutput } from '../cli-output';
import { inCommandContext } from '../command-context';
import { MigrationRunModule } from './migration-run.module';
import { MigrationRunner } from './migration-runner';

/** Applies pending migrations; prints the name of each one applied. */
@Command({
  name: 'migration:run',
  description: 'apply pending database migrations',
})
export class MigrationRunCommand extends CommandRunner {
  constructor(
    private readonly config: AppConfig,
    private readonly output: CliOutput,
  ) {
    super();
  }

  async run(): Promise<void> {
    const applied = await inCommandContext(
      this.config,
      MigrationRunModule,
      (get) => get(MigrationRunner).runPending(),
    );
    for (const name of applied) {
      this.output.line(name);
    }
  }
}
