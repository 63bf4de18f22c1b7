import { Command, CommandRunner } from 'nest-commander';

import { AppConfig } from '@app/config';
import { ProjectionRebuilds } from '@app/projections';

import { cliActor } from '../cli-args';
import { CliOutput } from '../cli-output';
import { inCommandContext } from '../command-context';
import { ProjectionsCliModule } from './projections-cli.module';

/**
 * Rebuilds into scratch tables and compares them row for row with the
 * live ones; prints the differences and exits 1 when there are any.
 */
@Command({
  name: 'projections:verify',
  arguments: '[name]',
  description: 'compare a projection (default all) with a fresh rebuild',
})
export class ProjectionsVerifyCommand extends CommandRunner {
  constructor(
    private readonly config: AppConfig,
    private readonly output: CliOutput,
  ) {
    super();
  }

  async run([name]: string[]): Promise<void> {
    let differing = 0;
    await inCommandContext(this.config, ProjectionsCliModule, async (get) => {
      const rebuilds = get(ProjectionRebuilds);
      const names = name ? [name] : rebuilds.rebuildable().map((p) => p.name);
      for (const projection of names) {
        this.output.line(
          `verifying ${projection}: rebuilding into scratch tables and comparing with the live ones`,
        );
        const result = await rebuilds.verify(projection, cliActor());
        for (const difference of result.differences) {
          differing++;
          this.output.line(JSON.stringify(difference));
        }
        this.output.line(
          `${projection}: ${result.differences.length === 0 ? 'equal' : `${result.differences.length} tables differ`} (${result.events} events in ${result.durationMs} ms)`,
        );
      }
    });
    if (differing > 0) process.exitCode = 1;
  }
}
