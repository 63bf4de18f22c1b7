import { Command, CommandRunner, Option } from 'nest-commander';

import { TenantExport, writeNdjson } from '@app/audit';
import { AppConfig } from '@app/config';

import { timeArg, uuidArg } from '../cli-args';
import { inCommandContext } from '../command-context';
import { AuditCliModule } from './audit-cli.module';

export interface ExportOptions {
  tenant?: string;
  since?: Date;
  until?: Date;
}

/**
 * Streams every event of a tenant to stdout as NDJSON, in global order, a
 * page at a time and waiting on stdout, so memory stays flat. The count
 * and duration go to stderr.
 */
@Command({
  name: 'export',
  description: "write a tenant's events to stdout as NDJSON",
})
export class ExportCommand extends CommandRunner {
  constructor(private readonly config: AppConfig) {
    super();
  }

  async run(_args: string[], options: ExportOptions): Promise<void> {
    const tenant = uuidArg('--tenant', options.tenant);
    const started = Date.now();
    const count = await inCommandContext(this.config, AuditCliModule, (get) =>
      writeNdjson(
        process.stdout,
        get(TenantExport).events(tenant, {
          since: options.since,
          until: options.until,
        }),
      ),
    );
    // stdout carries only the events.
    process.stderr.write(
      `exported ${count} events of tenant ${tenant} in ${Date.now() - started} ms\n`,
    );
  }

  @Option({
    flags: '--tenant <id>',
    description: 'tenant UUID',
    required: true,
  })
  parseTenant(value: string): string {
    return value;
  }

  @Option({ flags: '--since <time>', description: 'recorded at or after' })
  parseSince(value: string): Date {
    return timeArg('--since', value);
  }

  @Option({ flags: '--until <time>', description: 'recorded before' })
  parseUntil(value: string): Date {
    return timeArg('--until', value);
  }
}
