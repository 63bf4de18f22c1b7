import { randomUUID } from 'node:crypto';

import { Command, CommandRunner, Option } from 'nest-commander';

import { AppConfig } from '@app/config';
import { UUID } from '@app/identity';

import { CliOutput } from '../cli-output';
import { CliUsageError } from '../cli-usage.error';
import { inCommandContext } from '../command-context';
import { DemoSeedModule } from './demo-seed.module';
import { DemoSeeder, DemoSeedRequest } from './demo-seeder';

const MAX_POLICIES = 10_000;

export interface DemoSeedOptions {
  tenant?: string;
  policies?: number;
  name?: string;
  backupSet?: string;
  entraTenantId?: string;
  graphClientId?: string;
  graphSecret?: string;
}

/**
 * Seeds a demo tenant and prints one line of JSON:
 * `{"tenantId","backupSetId","policyIds":[...]}`. Running it again with the
 * same tenant reuses the tenant, backup set and policies.
 */
@Command({
  name: 'demo:seed',
  description: 'create or reuse a demo tenant, backup set and policies',
})
export class DemoSeedCommand extends CommandRunner {
  constructor(
    private readonly config: AppConfig,
    private readonly output: CliOutput,
  ) {
    super();
  }

  async run(_args: string[], options: DemoSeedOptions): Promise<void> {
    const tenantId = options.tenant ?? randomUUID();
    const request: DemoSeedRequest = {
      tenantId,
      policies: options.policies ?? 25,
      displayName: options.name ?? 'Demo tenant',
      backupSetName: options.backupSet ?? 'Demo backup set',
      entraTenantId: options.entraTenantId ?? tenantId,
      graphClientId: options.graphClientId,
      graphClientSecret: options.graphSecret,
    };
    const result = await inCommandContext(this.config, DemoSeedModule, (get) =>
      get(DemoSeeder).seed(request),
    );
    this.output.line(JSON.stringify(result));
  }

  @Option({ flags: '--tenant <id>', description: 'tenant UUID (default: new)' })
  parseTenant(value: string): string {
    return uuid('--tenant', value);
  }

  @Option({
    flags: '--policies <n>',
    description: `inventory policies to create, 0 to ${MAX_POLICIES} (default 25)`,
  })
  parsePolicies(value: string): number {
    const count = Number(value);
    if (!Number.isInteger(count) || count < 0 || count > MAX_POLICIES) {
      throw new CliUsageError(
        `--policies must be an integer from 0 to ${MAX_POLICIES}`,
      );
    }
    return count;
  }

  @Option({ flags: '--name <text>', description: 'tenant display name' })
  parseName(value: string): string {
    return value;
  }

  @Option({ flags: '--backup-set <name>', description: 'backup set name' })
  parseBackupSet(value: string): string {
    return value;
  }

  @Option({
    flags: '--entra-tenant-id <id>',
    description: 'Entra directory id (default: the tenant id)',
  })
  parseEntraTenantId(value: string): string {
    return uuid('--entra-tenant-id', value);
  }

  @Option({
    flags: '--graph-client-id <id>',
    description: 'Graph app client id (default: a development id)',
  })
  parseGraphClientId(value: string): string {
    return value;
  }

  @Option({
    flags: '--graph-secret <secret>',
    description: 'Graph app client secret (default: a development secret)',
  })
  parseGraphSecret(value: string): string {
    return value;
  }
}

function uuid(flag: string, value: string): string {
  if (!UUID.test(value)) throw new CliUsageError(`${flag} must be a UUID`);
  return value.toLowerCase();
}
