import { Command, CommandRunner, Option } from 'nest-commander';

import { replayRun, RunHistory } from '@app/audit';
import { AppConfig } from '@app/config';

import { uuidArg } from '../cli-args';
import { CliOutput } from '../cli-output';
import { CliUsageError } from '../cli-usage.error';
import { inCommandContext } from '../command-context';
import { AuditCliModule } from './audit-cli.module';

export interface ReplayOptions {
  tenant?: string;
  at?: bigint;
}

/**
 * Prints a run's state right after one of its events, folded by the
 * service's own `evolve`, as JSON.
 */
@Command({
  name: 'replay',
  arguments: '<runId>',
  description: "print a run's state as it was right after an event",
})
export class ReplayCommand extends CommandRunner {
  constructor(
    private readonly config: AppConfig,
    private readonly output: CliOutput,
  ) {
    super();
  }

  async run([runId]: string[], options: ReplayOptions): Promise<void> {
    const run = uuidArg('<runId>', runId);
    const tenant = uuidArg('--tenant', options.tenant);
    if (options.at === undefined) throw new CliUsageError('--at is required');
    const at = options.at;
    const replay = await inCommandContext(
      this.config,
      AuditCliModule,
      async (get) => replayRun(await get(RunHistory).upTo(tenant, run, at)),
    );
    this.output.line(JSON.stringify(replay, null, 2));
  }

  @Option({
    flags: '--tenant <id>',
    description: 'tenant UUID',
    required: true,
  })
  parseTenant(value: string): string {
    return value;
  }

  @Option({
    flags: '--at <revision>',
    description: "the event's revision in its stream (see history)",
    required: true,
  })
  parseAt(value: string): bigint {
    if (!/^\d{1,18}$/.test(value)) {
      throw new CliUsageError('--at must be a revision (an integer >= 0)');
    }
    return BigInt(value);
  }
}
