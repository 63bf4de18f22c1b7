import { Command, CommandRunner, Option } from 'nest-commander';

import { RunHistory, toAuditEvent } from '@app/audit';
import { AppConfig } from '@app/config';

import { uuidArg } from '../cli-args';
import { CliOutput } from '../cli-output';
import { CliUsageError } from '../cli-usage.error';
import { inCommandContext } from '../command-context';
import { AuditCliModule } from './audit-cli.module';
import { formatHistory, HISTORY_FORMATS } from './history-format';
import type { HistoryFormat } from './history-format';

export interface HistoryOptions {
  tenant?: string;
  format?: HistoryFormat;
}

/** Prints a run's events from the log: a table, JSON or NDJSON. */
@Command({
  name: 'history',
  arguments: '<runId>',
  description: "print a run's events with their metadata",
})
export class HistoryCommand extends CommandRunner {
  constructor(
    private readonly config: AppConfig,
    private readonly output: CliOutput,
  ) {
    super();
  }

  async run([runId]: string[], options: HistoryOptions): Promise<void> {
    const run = uuidArg('<runId>', runId);
    const tenant = uuidArg('--tenant', options.tenant);
    const events = await inCommandContext(
      this.config,
      AuditCliModule,
      async (get) => {
        const all = [];
        for await (const event of get(RunHistory).all(tenant, run)) {
          all.push(toAuditEvent(event));
        }
        return all;
      },
    );
    this.output.line(formatHistory(events, options.format ?? 'table'));
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
    flags: '--format <format>',
    description: 'table (default), json or ndjson',
  })
  parseFormat(value: string): HistoryFormat {
    if (!HISTORY_FORMATS.includes(value as HistoryFormat)) {
      throw new CliUsageError('--format must be table, json or ndjson');
    }
    return value as HistoryFormat;
  }
}
