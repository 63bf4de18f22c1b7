import { randomUUID } from 'node:crypto';

import { Command, CommandRunner, Option } from 'nest-commander';

import { AppConfig } from '@app/config';
import { UUID } from '@app/identity';

import { CliOutput } from '../cli-output';
import { CliUsageError } from '../cli-usage.error';
import { inCommandContext } from '../command-context';
import { DemoSeedFromGraphModule } from './demo-seed-from-graph.module';
import { DemoSeedModule } from './demo-seed.module';
import { DemoSeeder, DemoSeedRequest } from './demo-seeder';
import {
  simulatorCredentials,
  SimulatorCredentials,
} from './simulator-credentials';

const MAX_POLICIES = 10_000;

export interface DemoSeedOptions {
  tenant?: string;
  policies?: number;
  name?: string;
  backupSet?: string;
  entraTenantId?: string;
  graphClientId?: string;
  graphSecret?: string;
  sync?: boolean;
  simulator?: boolean;
}

/**
 * Seeds a demo tenant and prints one line of JSON:
 * `{"tenantId","backupSetId","policyIds":[...]}`. Running it again with the
 * same tenant reuses the tenant, backup set and policies. With `--sync`
 * or `--simulator` the inventory comes from Graph, so every printed id is
 * a policy Graph (the simulator) really has.
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
    const graph: Partial<SimulatorCredentials> = options.simulator
      ? this.simulatorGraph()
      : {};
    const syncFromGraph = Boolean(options.sync || options.simulator);
    const request: DemoSeedRequest = {
      tenantId,
      policies: options.policies,
      displayName: options.name ?? 'Demo tenant',
      backupSetName: options.backupSet ?? 'Demo backup set',
      entraTenantId: options.entraTenantId ?? graph.entraTenantId,
      graphClientId: options.graphClientId ?? graph.clientId,
      graphClientSecret: options.graphSecret ?? graph.clientSecret,
      syncFromGraph,
    };
    const module = syncFromGraph ? DemoSeedFromGraphModule : DemoSeedModule;
    const result = await inCommandContext(this.config, module, (get) =>
      get(DemoSeeder).seed(request),
    );
    this.output.line(JSON.stringify(result));
  }

  private simulatorGraph(): SimulatorCredentials {
    if (new URL(this.config.graphBaseUrl).hostname.endsWith('microsoft.com')) {
      throw new CliUsageError(
        '--simulator needs GRAPH_BASE_URL and GRAPH_AUTHORITY_HOST of a running simulator (npm run start:simulator prints them)',
      );
    }
    let credentials: SimulatorCredentials;
    try {
      credentials = simulatorCredentials(process.env);
    } catch (error) {
      throw new CliUsageError((error as Error).message);
    }
    if (!UUID.test(credentials.entraTenantId)) {
      throw new CliUsageError('SIMULATOR_TENANT_ID must be a UUID');
    }
    return credentials;
  }

  @Option({ flags: '--tenant <id>', description: 'tenant UUID (default: new)' })
  parseTenant(value: string): string {
    return uuid('--tenant', value);
  }

  @Option({
    flags: '--policies <n>',
    description: `inventory policies to create, 0 to ${MAX_POLICIES} (default 25); with --sync, ids to print (default all)`,
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

  @Option({
    flags: '--sync',
    description:
      'fill the inventory from Graph with the tenant credentials instead of made-up policies',
  })
  parseSync(): boolean {
    return true;
  }

  @Option({
    flags: '--simulator',
    description:
      'use the Graph simulator tenant derived from SIMULATOR_SEED (as npm run start:simulator prints it) and --sync from it',
  })
  parseSimulator(): boolean {
    return true;
  }
}

function uuid(flag: string, value: string): string {
  if (!UUID.test(value)) throw new CliUsageError(`${flag} must be a UUID`);
  return value.toLowerCase();
}
