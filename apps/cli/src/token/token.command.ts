import { Command, CommandRunner, Option } from 'nest-commander';

import { isRole, Role, TokenIssuer, UUID } from '@app/identity';

import { CliOutput } from '../cli-output';
import { CliUsageError } from '../cli-usage.error';

export interface TokenOptions {
  user?: string;
  tenant?: string[];
  role?: string[];
  expiresIn?: number;
}

/**
 * Prints a development token signed with `AUTH_JWT_SECRET`, and nothing
 * else on stdout. `--role` once applies to every `--tenant`; otherwise give
 * one `--role` per `--tenant`, in the same order.
 */
@Command({
  name: 'token',
  description: 'print a signed development token',
})
export class TokenCommand extends CommandRunner {
  constructor(
    private readonly issuer: TokenIssuer,
    private readonly output: CliOutput,
  ) {
    super();
  }

  async run(_args: string[], options: TokenOptions): Promise<void> {
    const token = await this.issuer.issue({
      userId: options.user ?? '',
      tenants: pairTenantsWithRoles(options.tenant ?? [], options.role ?? []),
      expiresInSeconds: options.expiresIn,
    });
    this.output.line(token);
  }

  @Option({
    flags: '--user <id>',
    description: 'user id (sub)',
    required: true,
  })
  parseUser(value: string): string {
    if (!value.trim()) throw new CliUsageError('--user must not be empty');
    return value.trim();
  }

  @Option({ flags: '--tenant <id>', description: 'tenant UUID (repeatable)' })
  parseTenant(value: string, previous: string[] = []): string[] {
    if (!UUID.test(value)) {
      throw new CliUsageError(`--tenant ${value} is not a UUID`);
    }
    return [...previous, value.toLowerCase()];
  }

  @Option({
    flags: '--role <role>',
    description: 'operator, auditor or support (repeatable, per tenant)',
  })
  parseRole(value: string, previous: string[] = []): string[] {
    if (!isRole(value)) {
      throw new CliUsageError(
        `--role ${value} is not one of operator, auditor, support`,
      );
    }
    return [...previous, value];
  }

  @Option({
    flags: '--expires-in <seconds>',
    description: 'lifetime in seconds (default 8 hours)',
  })
  parseExpiresIn(value: string): number {
    const seconds = Number(value);
    if (!Number.isInteger(seconds) || seconds < 1) {
      throw new CliUsageError('--expires-in must be a positive integer');
    }
    return seconds;
  }
}

/** @throws CliUsageError when the counts do not pair up. */
export function pairTenantsWithRoles(
  tenants: readonly string[],
  roles: readonly string[],
): [string, Role][] {
  if (roles.length === 1) {
    return tenants.map((tenant) => [tenant, roles[0] as Role]);
  }
  if (roles.length !== tenants.length) {
    throw new CliUsageError(
      'give one --role for all tenants, or one --role per --tenant',
    );
  }
  return tenants.map((tenant, i) => [tenant, roles[i] as Role]);
}
