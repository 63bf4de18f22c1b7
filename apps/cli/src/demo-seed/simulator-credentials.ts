import { simulatorOptionsFromEnv } from '../../../graph-simulator/src/env-options';
import { seedTenant } from '../../../graph-simulator/src/seed/tenant-seed';

export interface SimulatorCredentials {
  readonly entraTenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

/**
 * The credentials of the simulator's first tenant as `npm run
 * start:simulator` derives them from the same environment
 * (`SIMULATOR_SEED`, `SIMULATOR_TENANT_ID`, `SIMULATOR_CLIENT_ID`,
 * `SIMULATOR_CLIENT_SECRET`), so both sides agree without copying them.
 * @throws Error naming a bad `SIMULATOR_*` variable.
 */
export function simulatorCredentials(
  env: Readonly<Record<string, string | undefined>>,
): SimulatorCredentials {
  const options = simulatorOptionsFromEnv(env);
  const first = options.tenants?.[0] ?? {};
  // Credentials do not depend on the policies, so none are generated.
  const tenant = seedTenant(options.seed ?? 1, 0, {
    ...first,
    policiesPerType: 0,
  });
  return {
    entraTenantId: tenant.tenantId,
    clientId: tenant.clientId,
    clientSecret: tenant.clientSecret,
  };
}
