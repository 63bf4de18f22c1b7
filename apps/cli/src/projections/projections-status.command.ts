import { Command, CommandRunner, Option } from 'nest-commander';

import { AppConfig } from '@app/config';
import { ProjectionStatus, ProjectionStatusService } from '@app/projections';

import { CliOutput } from '../cli-output';
import { inCommandContext } from '../command-context';
import { textTable } from '../text-table';
import { ProjectionsCliModule } from './projections-cli.module';

export interface StatusOptions {
  json?: boolean;
}

/** Prints every projection's state, position and lag. */
@Command({
  name: 'projections:status',
  description: 'print position, lag and state of every projection',
})
export class ProjectionsStatusCommand extends CommandRunner {
  constructor(
    private readonly config: AppConfig,
    private readonly output: CliOutput,
  ) {
    super();
  }

  async run(_args: string[], options: StatusOptions): Promise<void> {
    const statuses = await inCommandContext(
      this.config,
      ProjectionsCliModule,
      (get) => get(ProjectionStatusService).all(),
    );
    this.output.line(
      options.json
        ? JSON.stringify(statuses, null, 2)
        : formatStatuses(statuses),
    );
  }

  @Option({ flags: '--json', description: 'print JSON instead of a table' })
  parseJson(): boolean {
    return true;
  }
}

export function formatStatuses(statuses: readonly ProjectionStatus[]): string {
  return textTable(
    [
      'NAME',
      'STATE',
      'RUNNING',
      'LAG EVENTS',
      'LAG S',
      'APPLIED',
      'UPDATED',
      'NOTE',
    ],
    statuses.map((s) => [
      s.name,
      s.state,
      s.running ? 'yes' : 'no',
      s.lagEvents === null ? '?' : String(s.lagEvents),
      s.lagSeconds === null ? '?' : String(s.lagSeconds),
      String(s.eventsApplied),
      s.updatedAt ?? '-',
      note(s),
    ]),
  );
}

function note(status: ProjectionStatus): string {
  if (status.rebuild?.state === 'rebuilding') {
    return `rebuild at ${status.rebuild.eventsApplied} events`;
  }
  if (status.error) return `error: ${status.error}`;
  if (status.rebuild?.error)
    return `last rebuild failed: ${status.rebuild.error}`;
  return '';
}
