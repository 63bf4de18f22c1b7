import { FaultOptions, GraphSimulatorOptions } from './simulator-options';

export const DEFAULT_SIMULATOR_PORT = 4010;

export interface StandaloneOptions extends GraphSimulatorOptions {
  /** Where https mode writes the certificate for clients to trust. */
  readonly certificateOut: string;
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Standalone configuration from `SIMULATOR_*` variables; throws a message
 * naming the variable and what it expects.
 */
export function simulatorOptionsFromEnv(env: Env): StandaloneOptions {
  const read = <T>(name: string, parse: (raw: string) => T): T | undefined => {
    const raw = env[name]?.trim();
    if (raw === undefined || raw === '') return undefined;
    try {
      return parse(raw);
    } catch (error) {
      throw new Error(`${name} must be ${(error as Error).message}`, {
        cause: error,
      });
    }
  };
  const [tenantCount, perType] = read('SIMULATOR_TENANTS', tenantsSpec) ?? [
    1, 3,
  ];
  const budget = read('SIMULATOR_THROTTLE_PER_20S', integer(0));
  const window = read('SIMULATOR_THROTTLE_WINDOW', oneOf('sliding', 'fixed'));
  const retryAfter = read(
    'SIMULATOR_RETRY_AFTER',
    oneOf('seconds', 'date', 'none'),
  );
  const faults: FaultOptions = {
    latencyMs: read('SIMULATOR_LATENCY_MS', latency),
    throttle: budget === undefined ? undefined : { budget, window, retryAfter },
    serverErrorRate: read('SIMULATOR_FAULT_RATE', rate),
    hangRate: read('SIMULATOR_HANG_RATE', rate),
    resetRate: read('SIMULATOR_RESET_RATE', rate),
    malformedRate: read('SIMULATOR_MALFORMED_RATE', rate),
    deleteAfterListRate: read('SIMULATOR_DELETE_RATE', rate),
  };
  const certFile = read('SIMULATOR_CERT_FILE', String);
  const keyFile = read('SIMULATOR_KEY_FILE', String);
  if ((certFile === undefined) !== (keyFile === undefined)) {
    throw new Error('SIMULATOR_CERT_FILE and SIMULATOR_KEY_FILE go together');
  }
  return {
    port: read('SIMULATOR_PORT', integer(0, 65535)) ?? DEFAULT_SIMULATOR_PORT,
    https: read('SIMULATOR_HTTPS', boolean) ?? false,
    certificate: certFile && keyFile ? { certFile, keyFile } : undefined,
    certificateOut:
      read('SIMULATOR_CERT_OUT', String) ?? '.data/graph-simulator/cert.pem',
    seed: read('SIMULATOR_SEED', integer(0)) ?? 1,
    faults,
    tenants: Array.from({ length: tenantCount }, (_, position) =>
      position === 0
        ? {
            tenantId: read('SIMULATOR_TENANT_ID', String),
            clientId: read('SIMULATOR_CLIENT_ID', String),
            clientSecret: read('SIMULATOR_CLIENT_SECRET', String),
            policiesPerType: perType,
          }
        : { policiesPerType: perType },
    ),
  };
}

const integer =
  (min: number, max = Number.MAX_SAFE_INTEGER) =>
  (raw: string): number => {
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < min || value > max) {
      throw new Error(`an integer from ${min} to ${max}`);
    }
    return value;
  };

const oneOf =
  <T extends string>(...values: T[]) =>
  (raw: string): T => {
    if (!values.includes(raw as T)) {
      throw new Error(`one of ${values.join(', ')}`);
    }
    return raw as T;
  };

function boolean(raw: string): boolean {
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new Error('true or false');
}

function rate(raw: string): number {
  const value = Number(raw);
  if (raw === '' || Number.isNaN(value) || value < 0 || value > 1) {
    throw new Error('a probability from 0 to 1');
  }
  return value;
}

/** `50` (fixed) or `20-80` (uniform). */
function latency(raw: string): FaultOptions['latencyMs'] {
  const match = /^(\d+)(?:-(\d+))?$/.exec(raw);
  if (!match || (match[2] && Number(match[2]) < Number(match[1]))) {
    throw new Error('milliseconds, fixed (50) or a range (20-80)');
  }
  return match[2]
    ? { min: Number(match[1]), max: Number(match[2]) }
    : Number(match[1]);
}

/** `N` tenants, or `N:P` tenants with P policies of each type. */
function tenantsSpec(raw: string): [number, number] {
  const match = /^(\d+)(?::(\d+))?$/.exec(raw);
  if (!match || Number(match[1]) < 1) {
    throw new Error('a tenant count, optionally :policies per type (2:10)');
  }
  return [Number(match[1]), match[2] === undefined ? 3 : Number(match[2])];
}
