import { Command, CommandRunner, Option } from 'nest-commander';

import { AppConfig } from '@app/config';
import { ProjectionRebuilds } from '@app/projections';

import { cliActor } from '../cli-args';
import { CliOutput } from '../cli-output';
import { CliUsageError } from '../cli-usage.error';
import { inCommandContext } from '../command-context';
import { ProjectionsCliModule } from './projections-cli.module';

export interface RebuildOptions {
  all?: boolean;
}

/**
 * Rebuilds projections from the log beside their live tables and swaps
 * them in; readers and the live runners keep going meanwhile.
 */
@Command({
  name: 'projections:rebuild',
  arguments: '[name]',
  description: 'rebuild a projection (or --all) and swap it in',
})
export class ProjectionsRebuildCommand extends CommandRunner {
  constructor(
    private readonly config: AppConfig,
    private readonly output: CliOutput,
  ) {
    super();
  }

  async run([name]: string[], options: RebuildOptions): Promise<void> {
    if (Boolean(name) === Boolean(options.all)) {
      throw new CliUsageError('give a projection name or --all');
    }
    await inCommandContext(this.config, ProjectionsCliModule, async (get) => {
      const rebuilds = get(ProjectionRebuilds);
      const names = options.all
        ? rebuilds.rebuildable().map((p) => p.name)
        : [name];
      for (const projection of names) {
        this.output.line(
          `rebuilding ${projection} from the event log beside its live tables, then swapping them in`,
        );
        const result = await rebuilds.rebuild(projection, cliActor());
        this.output.line(
          `rebuilt ${projection}: ${result.events} events in ${result.durationMs} ms`,
        );
      }
    });
  }

  @Option({ flags: '--all', description: 'every projection that owns tables' })
  parseAll(): boolean {
    return true;
  }
}
